// Every @claude-* name is defined once, under src/options/: the rest of src/, scripts/ and the
// entrypoint use the constants (TypeScript) or the generated CS_… variables (shell), so a
// rename there reaches every reader. Comments may name options for the reader; code may not.
// Tests keep literal names on purpose: they pin what users see.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/tmux-server.ts';

const NAME = /@claude-[a-z0-9-]*/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// A whole-line comment: `//`, `/*` or `*` in TypeScript and JavaScript, `#` in shell.
function isComment(path: string, line: string): boolean {
  const text = line.trim();
  if (/\.(ts|mjs|js)$/.test(path)) return text.startsWith('//') || text.startsWith('/*') || text.startsWith('*');
  return text.startsWith('#');
}

// "file:line: text" for every line of code that spells an @claude- name.
function literalNames(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((line, index) => (NAME.test(line) && !isComment(path, line) ? [`${relative(REPO_ROOT, path)}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('@claude-* names', () => {
  it('are spelled only in src/options/: no other file of src/ has one in its code', () => {
    const options = join(REPO_ROOT, 'src', 'options');
    const files = filesUnder(join(REPO_ROOT, 'src')).filter((path) => !path.startsWith(`${options}/`));
    expect(literalNames(files), 'use the constants of src/options/ instead').toEqual([]);
  });

  it('are spelled in no script and not in the entrypoint: they use the generated CS_… variables', () => {
    const files = [...filesUnder(join(REPO_ROOT, 'scripts')), join(REPO_ROOT, 'claude-sessions.tmux')];
    expect(literalNames(files), 'use the names of dist/options.sh or dist/names.sh instead').toEqual([]);
  });
});
