// The folders of src/ import each other in one direction only: no loop, and each folder
// only from the layers below it, so a capability can be read (and changed) without the ones above.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCycle, fileImports, folderCycles, folderGraph, folderGroups, type FolderGraph } from './folder-graph.ts';

// Lowest first: a folder may import folders of lower layers, never its own layer's or a higher one's.
const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['programs', 'templates'],
  ['tmux'],
  ['options'],
  ['cli', 'agents'],
  ['status', 'git-hook', 'resurrect', 'completion'],
  ['workspace'],
  ['worktrees', 'remote', 'vscode'],
  ['save'],
  ['restore'],
  ['share', 'cleanup', 'bundle', 'switcher', 'verify'],
  ['doctor'],
  ['health'],
  ['commands'],
  ['(root)'],
];

const graph: FolderGraph = folderGraph(fileImports(fileURLToPath(new URL('../../src', import.meta.url))));

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

describe('the src/ folder graph', () => {
  it('has no loop between folders', () => {
    const groups = folderGroups(graph);
    const cycles = folderCycles(graph).map((cycle, index) => `in one loop: ${groups[index]!.join(', ')}; for instance\n${describeCycle(graph, cycle)}`);
    expect(cycles.join('\n\n'), 'folders that import each other in a loop').toBe('');
  });

  it('gives every folder a layer', () => {
    expect([...graph.keys()].filter((folder) => layerOf(folder) < 0), 'folders missing from LAYERS').toEqual([]);
  });

  it('imports only downwards, layer by layer', () => {
    const upwards: string[] = [];
    for (const [from, targets] of graph) {
      for (const [to, imports] of targets) {
        if (layerOf(to) < layerOf(from)) continue;
        upwards.push(`${from} (layer ${layerOf(from)}) → ${to} (layer ${layerOf(to)}):`);
        for (const edge of imports) upwards.push(`  src/${edge.from} imports src/${edge.to}`);
      }
    }
    const layering = LAYERS.map((layer, index) => `${index}: ${layer.join(', ')}`).join('\n');
    expect(upwards.join('\n'), `imports against the layering (lowest first):\n${layering}`).toBe('');
  });
});
