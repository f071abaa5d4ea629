// The graph reader itself: it must see every kind of import, or a loop could hide.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeCycle, fileImports, folderCycles, folderGraph } from './folder-graph.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'folder-graph-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the folder graph reader', () => {
  it('names a loop made of static, dynamic, type-only and re-export imports, with the file imports behind each edge', () => {
    const src = tree({
      'main.ts': "import { a } from './a/one.ts';\n",
      'a/one.ts': "export const a = async () => import('../b/two.ts');\n",
      'b/two.ts': "export { c } from '../c/three.ts';\nimport 'node:fs';\n",
      'c/three.ts': "import type { A } from '../a/types.ts';\nexport const c = 1;\n",
      'a/types.ts': 'export type A = number;\n',
    });
    const graph = folderGraph(fileImports(src));
    const cycles = folderCycles(graph);
    expect(cycles).toEqual([['a', 'b', 'c', 'a']]);
    expect(describeCycle(graph, cycles[0]!)).toBe(
      [
        'a → b → c → a',
        '  a → b:',
        '    src/a/one.ts imports src/b/two.ts',
        '  b → c:',
        '    src/b/two.ts imports src/c/three.ts',
        '  c → a:',
        '    src/c/three.ts imports src/a/types.ts',
      ].join('\n'),
    );
  });

  it('counts files directly in src/ as the root folder, and finds no loop where there is none', () => {
    const src = tree({ 'main.ts': "import './a/one.ts';\n", 'a/one.ts': "import '../b/two.ts';\n", 'b/two.ts': 'export {};\n' });
    const graph = folderGraph(fileImports(src));
    expect([...graph.get('(root)')!.keys()]).toEqual(['a']);
    expect(folderCycles(graph)).toEqual([]);
  });
});
