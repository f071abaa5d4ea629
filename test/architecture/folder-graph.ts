// Reads the imports of every src/**/*.ts file and builds the graph of src/ folders they make.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// One file-level import that makes a folder edge: `from` imports `to` (both relative to src/).
export interface FileImport {
  from: string;
  to: string;
}

// The folder graph: for each folder, the folders it imports and the file imports behind each edge.
export type FolderGraph = Map<string, Map<string, FileImport[]>>;

// The folder a src/ file belongs to; files directly in src/ (cli.ts, main.ts, version.ts) are the root.
export function folderOf(srcRelative: string): string {
  const parts = srcRelative.split('/');
  return parts.length === 1 ? '(root)' : parts[0]!;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// Every relative import of every src/ file: static, dynamic, type-only and `export … from`.
export function fileImports(srcDir: string): FileImport[] {
  const imports: FileImport[] = [];
  for (const file of tsFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      imports.push({ from: toPosix(relative(srcDir, file)), to: toPosix(relative(srcDir, target)) });
    }
  }
  return imports;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

// Groups file imports into folder edges, leaving out imports within one folder.
export function folderGraph(imports: FileImport[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of imports) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (!graph.has(from)) graph.set(from, new Map());
    if (!graph.has(to)) graph.set(to, new Map());
    if (from === to) continue;
    const targets = graph.get(from)!;
    targets.set(to, [...(targets.get(to) ?? []), edge]);
  }
  return graph;
}

// The folder groups that import each other in a loop (strongly connected, more than one folder; Tarjan).
export function folderGroups(graph: FolderGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of [...graph.get(node)!.keys()].sort()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups;
}

// One closed path through each folder group in a loop.
export function folderCycles(graph: FolderGraph): string[][] {
  return folderGroups(graph).map((group) => cyclePath(graph, group));
}

// A closed path through one group, from its first folder back to it (shortest by breadth-first search).
function cyclePath(graph: FolderGraph, group: string[]): string[] {
  const members = new Set(group);
  const start = group[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...graph.get(node)!.keys()].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return group;
}

// A cycle as text: the folder path, then the file imports behind each of its edges.
export function describeCycle(graph: FolderGraph, cycle: string[]): string {
  const lines = [cycle.join(' → ')];
  for (let i = 0; i + 1 < cycle.length; i += 1) {
    const edges = graph.get(cycle[i]!)!.get(cycle[i + 1]!)!;
    lines.push(`  ${cycle[i]} → ${cycle[i + 1]}:`);
    for (const edge of edges) lines.push(`    src/${edge.from} imports src/${edge.to}`);
  }
  return lines.join('\n');
}
