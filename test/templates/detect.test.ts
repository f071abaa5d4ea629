import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectProjectType } from '../../src/templates/detect.ts';

const dirs: string[] = [];

// A temporary project folder holding the given files.
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'detect-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('project type detection', () => {
  it('sees react in dependencies', async () => {
    const dir = project({ 'package.json': JSON.stringify({ dependencies: { react: '^19.0.0' } }) });
    expect(await detectProjectType(dir)).toEqual({ template: 'react', reason: 'package.json depends on react' });
  });

  it('sees react in devDependencies', async () => {
    const dir = project({ 'package.json': JSON.stringify({ devDependencies: { react: '^19.0.0' } }) });
    expect(await detectProjectType(dir)).toEqual({
      template: 'react',
      reason: 'package.json depends on react (in devDependencies)',
    });
  });

  it('sees react in peerDependencies', async () => {
    const dir = project({ 'package.json': JSON.stringify({ peerDependencies: { react: '>=18' } }) });
    expect((await detectProjectType(dir)).template).toBe('react');
  });

  it('calls any other package.json node', async () => {
    const dir = project({ 'package.json': JSON.stringify({ dependencies: { express: '5', 'react-dom': '19' } }) });
    expect(await detectProjectType(dir)).toEqual({ template: 'node', reason: 'found package.json (no react dependency)' });
  });

  it.each([
    ['not JSON at all', '{ "name": '],
    ['an empty file', ''],
  ])('treats a package.json that is %s as node', async (_, content) => {
    const dir = project({ 'package.json': content });
    expect(await detectProjectType(dir)).toEqual({
      template: 'node',
      reason: 'package.json is not valid JSON (treated as node)',
    });
  });

  it('treats package.json that is JSON but not an object as node', async () => {
    const dir = project({ 'package.json': '["react"]' });
    expect((await detectProjectType(dir)).template).toBe('node');
  });

  it.each([
    ['requirements.txt', 'python'],
    ['pyproject.toml', 'python'],
    ['go.mod', 'go'],
    ['Cargo.toml', 'rust'],
  ])('detects %s as %s', async (file, template) => {
    const dir = project({ [file]: '' });
    expect(await detectProjectType(dir)).toEqual({ template, reason: `found ${file}` });
  });

  it('calls a folder with no markers generic', async () => {
    const dir = project({ 'README.md': '# hi' });
    expect(await detectProjectType(dir)).toEqual({ template: 'generic', reason: 'no project markers found' });
  });

  it('prefers package.json over requirements.txt', async () => {
    expect((await detectProjectType(project({ 'package.json': '{}', 'requirements.txt': '' }))).template).toBe('node');
    const react = project({ 'package.json': '{"dependencies":{"react":"19"}}', 'requirements.txt': '' });
    expect((await detectProjectType(react)).template).toBe('react');
  });

  it('checks python before go before rust', async () => {
    expect((await detectProjectType(project({ 'pyproject.toml': '', 'go.mod': '' }))).template).toBe('python');
    expect((await detectProjectType(project({ 'go.mod': '', 'Cargo.toml': '' }))).template).toBe('go');
  });

  it('ignores a marker that is a folder', async () => {
    const dir = project({});
    mkdirSync(join(dir, 'package.json'));
    expect((await detectProjectType(dir)).template).toBe('generic');
  });

  it('refuses a missing folder', async () => {
    const missing = join(project({}), 'nope');
    await expect(detectProjectType(missing)).rejects.toThrow(`project folder not found: ${missing}`);
  });

  it('refuses a file', async () => {
    const file = join(project({ 'notes.txt': 'x' }), 'notes.txt');
    await expect(detectProjectType(file)).rejects.toThrow(`not a folder: ${file}`);
  });
});
