// `claude-sessions templates` and `claude-sessions detect`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/templates/parse.ts';
import { runCliCaptured } from '../helpers/cli.ts';

describe('claude-sessions templates and detect', () => {
  let dir: string;
  const configHome = process.env['XDG_CONFIG_HOME'];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'claude-sessions-templates-'));
    process.env['XDG_CONFIG_HOME'] = join(dir, 'config');
  });
  afterAll(() => {
    process.env['XDG_CONFIG_HOME'] = configHome;
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the built-in templates', async () => {
    const { code, stdout } = await runCliCaptured(['templates', 'ls', '--json']);
    expect(code).toBe(0);
    const names = (JSON.parse(stdout) as { name: string }[]).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['react', 'node', 'python', 'go', 'rust', 'generic']));
  });

  it('shows a template as YAML that parses back to the same template', async () => {
    const { stdout } = await runCliCaptured(['templates', 'show', 'react']);
    const { template } = parseTemplate(stdout, 'shown.yaml', 'react');
    expect(template.windows[0]?.panes.map((pane) => [pane.role, pane.dir])).toEqual([
      ['claude', 'components'],
      ['claude', 'api'],
      ['editor', 'src'],
      ['dev', '.'],
      ['git', '.'],
    ]);
  });

  it('imports a tmuxinator project into the user template folder and lists what it dropped', async () => {
    const file = join(dir, 'blog.yml');
    writeFileSync(file, 'name: blog\nroot: ~/code/blog\nwindows:\n  - editor:\n      layout: main-vertical\n      panes: [vim, guard]\n  - server: bundle exec rails s\n');
    const result = await runCliCaptured(['templates', 'import', file]);
    expect(result.code).toBe(0);
    const target = join(dir, 'config', 'claude-sessions', 'templates', 'blog.yaml');
    expect(result.stdout).toBe(`imported tmuxinator config ${file} as template blog: ${target}\n`);
    expect(result.stderr).toContain('not converted: tmuxinator root ~/code/blog');
    const { template } = parseTemplate(readFileSync(target, 'utf8'), target, 'blog');
    expect(template.windows.map((w) => [w.name, w.panes.map((p) => p.commands.join(';'))])).toEqual([
      ['editor', ['vim', 'guard']],
      ['server', ['bundle exec rails s']],
    ]);
    const again = await runCliCaptured(['templates', 'import', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists (use --force to replace it)');
  });

  it.each(['../escape', 'a/b', '.hidden'])('refuses to import under the name %j', async (name) => {
    const file = join(dir, 'refused.yml');
    writeFileSync(file, 'name: refused\nwindows:\n  - editor: vim\n');
    const result = await runCliCaptured(['templates', 'import', file, '--name', name]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a template name');
    expect(existsSync(join(dir, 'config', 'claude-sessions', 'escape.yaml'))).toBe(false);
  });

  it.each([
    [{ 'package.json': '{"dependencies":{"react":"19"}}' }, 'react'],
    [{ 'package.json': '{"dependencies":{"express":"5"}}' }, 'node'],
    [{ 'pyproject.toml': '' }, 'python'],
    [{ 'requirements.txt': '' }, 'python'],
    [{ 'go.mod': 'module x' }, 'go'],
    [{ 'Cargo.toml': '' }, 'rust'],
    [{}, 'generic'],
  ])('detects %j as %s', async (files, expected) => {
    const project = mkdtempSync(join(dir, 'project-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
    expect(await runCliCaptured(['detect', project])).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
    const json = JSON.parse((await runCliCaptured(['detect', project, '--json'])).stdout);
    expect(json).toMatchObject({ dir: project, template: expected });
  });

  it('says when the folder to detect does not exist', async () => {
    const { code, stderr } = await runCliCaptured(['detect', join(dir, 'missing')]);
    expect(code).toBe(1);
    expect(stderr).toContain('project folder not found');
  });

  it('refuses an unknown templates action', async () => {
    mkdirSync(join(dir, 'x'), { recursive: true });
    const { code, stderr } = await runCliCaptured(['templates', 'frob']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown templates action 'frob'");
  });
});

describe('the bundle', () => {
  it('carries the built-in templates exactly as the source parses them', async () => {
    const { spawnSync } = await import('node:child_process');
    const { builtinTemplate } = await import('../../src/templates/builtin/parsed.ts');
    const { REPO_ROOT } = await import('../helpers/tmux-server.ts');
    for (const name of ['react', 'node', 'python', 'go', 'rust', 'generic']) {
      const shown = spawnSync('node', [join(REPO_ROOT, 'dist', 'claude-sessions.cjs'), 'templates', 'show', name, '--json'], {
        encoding: 'utf8',
      });
      expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(JSON.stringify(builtinTemplate(name))));
    }
  });
});
