import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listTemplates, loadTemplate, userTemplateDir } from '../../src/templates/lookup.ts';
import { TemplateError } from '../../src/templates/types.ts';

// A minimal valid template whose description says where it lives.
function templateText(description: string, name?: string): string {
  return `${name ? `name: ${name}\n` : ''}description: ${description}\nwindows:\n  - name: main\n    panes: [claude]\n`;
}

let root: string;
let projectDir: string;
let userDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cs-templates-'));
  projectDir = join(root, 'project');
  userDir = join(root, 'config', 'claude-sessions', 'templates');
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(userDir, { recursive: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

async function loadError(name: string | undefined, sources: Parameters<typeof loadTemplate>[1]): Promise<TemplateError> {
  const error: unknown = await loadTemplate(name, sources).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof TemplateError) return error;
  throw new Error(`expected a TemplateError, got ${String(error)}`);
}

describe('loadTemplate', () => {
  it('uses a built-in when nothing else has the name', async () => {
    const { template } = await loadTemplate('react', { projectDir, userDir });
    expect(template.source).toBe('built-in');
    expect(template.windows[0]?.panes).toHaveLength(5);
  });

  it("prefers the user's template of the same name over the built-in", async () => {
    writeFileSync(join(userDir, 'react.yaml'), templateText('my react'));
    const { template } = await loadTemplate('react', { projectDir, userDir });
    expect(template.description).toBe('my react');
    expect(template.source).toBe(join(userDir, 'react.yaml'));
  });

  it('finds user templates with a .yml extension too', async () => {
    writeFileSync(join(userDir, 'mine.yml'), templateText('short extension'));
    expect((await loadTemplate('mine', { userDir })).template.name).toBe('mine');
  });

  it('uses the project file when no name is given', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yaml'), templateText('the project file'));
    const { template } = await loadTemplate(undefined, { projectDir, userDir });
    expect(template.description).toBe('the project file');
    expect(template.name).toBe('project');
  });

  it('uses the project file over user and built-in templates when the name matches its name', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yml'), templateText('project react', 'react'));
    writeFileSync(join(userDir, 'react.yaml'), templateText('user react'));
    expect((await loadTemplate('react', { projectDir, userDir })).template.description).toBe('project react');
  });

  it('skips the project file when another name is asked for', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yaml'), templateText('project', 'web'));
    expect((await loadTemplate('go', { projectDir, userDir })).template.name).toBe('go');
  });

  it('uses --template-file over everything, named after the file', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yaml'), templateText('project'));
    writeFileSync(join(userDir, 'react.yaml'), templateText('user'));
    const file = join(root, 'special.yml');
    writeFileSync(file, templateText('explicit file'));
    const { template } = await loadTemplate('react', { templateFile: file, projectDir, userDir });
    expect(template.description).toBe('explicit file');
    expect(template.name).toBe('special');
  });

  it('falls back to the generic built-in when no name is given and the project has no file', async () => {
    expect((await loadTemplate(undefined, { projectDir, userDir })).template.name).toBe('generic');
  });

  it('lists every place it looked when the name is unknown', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yaml'), templateText('project', 'web'));
    const error = await loadError('nope', { projectDir, userDir });
    expect(error.line).toBe(0);
    expect(error.message).toContain("nope: no template named 'nope' (looked in ");
    expect(error.message).toContain(`${join(projectDir, '.claude-sessions.yaml')} (named 'web')`);
    expect(error.message).toContain(join(userDir, 'nope.yaml'));
    expect(error.message).toContain(join(userDir, 'nope.yml'));
    expect(error.message).toContain('the built-in templates (react, node, python, go, rust, generic)');
  });

  it('refuses names that would reach outside the template folder', async () => {
    expect((await loadError('../secrets', { userDir })).message).toContain("'../secrets' is not a template name");
  });

  it('reports a broken user template with its file, line and column', async () => {
    writeFileSync(join(userDir, 'bad.yaml'), 'windows:\n  - name: a\n    panes:\n      - role: bot\n');
    expect((await loadError('bad', { userDir })).message).toBe(
      `${join(userDir, 'bad.yaml')}:4:15: windows[0].panes[0].role must be one of claude, editor, git, dev, shell, got 'bot'`,
    );
  });

  it('names a file it cannot read and why', async () => {
    const error = await loadError(undefined, { templateFile: join(root, 'missing.yaml') });
    expect(error.message).toBe(`${join(root, 'missing.yaml')}: cannot read the file (ENOENT: no such file or directory)`);
  });

  it('names a user template it cannot read rather than skipping to the built-in', async () => {
    mkdirSync(join(userDir, 'react.yaml'));
    expect((await loadError('react', { userDir })).message).toBe(
      `${join(userDir, 'react.yaml')}: cannot read the file (EISDIR: illegal operation on a directory, read)`,
    );
  });

  it('looks in $XDG_CONFIG_HOME/claude-sessions/templates by default', async () => {
    vi.stubEnv('XDG_CONFIG_HOME', join(root, 'config'));
    writeFileSync(join(userDir, 'xdg.yaml'), templateText('from XDG'));
    expect((await loadTemplate('xdg', {})).template.description).toBe('from XDG');
  });
});

describe('userTemplateDir', () => {
  it('honours XDG_CONFIG_HOME', () => {
    expect(userTemplateDir({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/me' })).toBe('/xdg/claude-sessions/templates');
  });

  it('defaults to ~/.config', () => {
    expect(userTemplateDir({ HOME: '/home/me' })).toBe('/home/me/.config/claude-sessions/templates');
  });

  it('ignores an empty or relative XDG_CONFIG_HOME, as the XDG spec says', () => {
    expect(userTemplateDir({ XDG_CONFIG_HOME: '', HOME: '/home/me' })).toBe('/home/me/.config/claude-sessions/templates');
    expect(userTemplateDir({ XDG_CONFIG_HOME: 'rel', HOME: '/home/me' })).toBe('/home/me/.config/claude-sessions/templates');
  });
});

describe('listTemplates', () => {
  it('lists the built-ins with their descriptions when the user has none', async () => {
    const listings = await listTemplates({ userDir: join(root, 'no-such-dir') });
    expect(listings.map((l) => l.name)).toEqual(['generic', 'go', 'node', 'python', 'react', 'rust']);
    expect(listings.every((l) => l.source === 'built-in' && l.description !== '' && !l.shadowedBy)).toBe(true);
  });

  it('says which user template shadows a built-in of the same name', async () => {
    writeFileSync(join(userDir, 'react.yaml'), templateText('my react'));
    const react = (await listTemplates({ userDir })).filter((l) => l.name === 'react');
    expect(react).toEqual([
      { name: 'react', source: join(userDir, 'react.yaml'), description: 'my react' },
      { name: 'react', source: 'built-in', description: expect.any(String), shadowedBy: join(userDir, 'react.yaml') },
    ]);
  });

  it('lists a broken user template with its error instead of failing', async () => {
    writeFileSync(join(userDir, 'broken.yaml'), 'windows: 3\n');
    const broken = (await listTemplates({ userDir })).find((l) => l.name === 'broken');
    expect(broken).toEqual({
      name: 'broken',
      source: join(userDir, 'broken.yaml'),
      description: '',
      error: `${join(userDir, 'broken.yaml')}:1:10: windows must be a non-empty list, got number 3`,
    });
  });

  it('lists the project file under its name, shadowing others of that name', async () => {
    writeFileSync(join(projectDir, '.claude-sessions.yaml'), templateText('project go', 'go'));
    const go = (await listTemplates({ projectDir, userDir })).filter((l) => l.name === 'go');
    expect(go.map((l) => [l.source, l.shadowedBy])).toEqual([
      [join(projectDir, '.claude-sessions.yaml'), undefined],
      ['built-in', join(projectDir, '.claude-sessions.yaml')],
    ]);
  });

  it('ignores files that are not .yaml or .yml', async () => {
    writeFileSync(join(userDir, 'notes.txt'), 'hello');
    writeFileSync(join(userDir, 'extra.yml'), templateText('extra'));
    const names = (await listTemplates({ userDir })).map((l) => l.name);
    expect(names).toContain('extra');
    expect(names).not.toContain('notes');
  });
});
