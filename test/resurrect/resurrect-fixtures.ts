// The save files tmux-resurrect itself wrote, and what tmux reported just before each save.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The fixture folders: basic layouts and windows, and panes running processes.
export const FIXTURE_NAMES = ['basic', 'processes'] as const;
// One fixture folder's name.
export type FixtureName = (typeof FIXTURE_NAMES)[number];

const ROOT = fileURLToPath(new URL('./fixtures/resurrect/', import.meta.url));

// The text of one fixture's resurrect-save.txt.
export function savedText(name: FixtureName): string {
  return readFileSync(`${ROOT}${name}/resurrect-save.txt`, 'utf8');
}

// The rows of one expected-*.tsv file, as records keyed by the columns its README names.
export function expectedRows<K extends string>(name: FixtureName, what: string, columns: readonly K[]): Record<K, string>[] {
  const text = readFileSync(`${ROOT}${name}/expected-${what}.tsv`, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells = line.split('\t');
      if (cells.length !== columns.length) throw new Error(`${name}/expected-${what}.tsv: ${cells.length} cells in ${line}`);
      return Object.fromEntries(columns.map((column, at) => [column, cells[at] ?? ''])) as Record<K, string>;
    });
}

// Hand-written lines in tmux-resurrect's shape, for tests that change one field.
export const T = '\t';
export const PANE = ['pane', 'work', '0', '1', ':*', '0', 'vm', ':/tmp', '1', 'bash', ':'].join(T);
export const WINDOW = ['window', 'work', '0', ':bash', '1', ':*', '662f,160x48,0,0,10', ':'].join(T);
export const STATE = `state${T}${T}`;
