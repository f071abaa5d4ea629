// export -> import on a real tmux server: the same session under another name and root,
// secrets left out unless asked, and hostile bundles refused before anything is made.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/archive.ts';
import { parseManifest } from '../../src/bundle/manifest.ts';
import { layoutWithoutChecksumAndIds } from '../../src/resurrect/layout.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let work: string;
let rootA: string;
let rootB: string;
const PANE_FORMAT = '#{window_index}\t#{window_name}\t#{window_active}\t#{pane_index}\t#{pane_active}\t#{pane_title}\t#{window_layout}\t#{pane_current_path}\t#{pane_current_command}';

const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);
const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trimEnd().split('\n');

// The session's panes with layouts without ids, folders relative to `root`.
function panesOf(session: string, root: string): string[] {
  return server
    .tmux('list-panes', '-s', '-t', `=${session}:`, '-F', PANE_FORMAT)
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [window, name, windowActive, pane, active, title, layout, path, command] = line.split('\t') as string[];
      return [window, name, windowActive, pane, active, title, layoutWithoutChecksumAndIds(layout as string), relative(root, path as string) || '.', command].join('\t');
    });
}

function idOf(name: string): string {
  const line = server.tmux('list-sessions', '-F', '#{session_id}\t#{session_name}').split('\n').find((entry) => entry.split('\t')[1] === name);
  return line!.split('\t')[0]!;
}

async function waitForSleep(session: string, count = 1): Promise<string> {
  return waitFor(
    () => server.tmux('list-panes', '-s', '-t', `=${session}:`, '-F', '#{pane_current_command}'),
    (text) => text.split('sleep').length > count,
  );
}

// A workspace-like session in `root`: two windows, three panes in subfolders, a program running, env with secrets.
async function makeSession(name: string, root: string): Promise<void> {
  server.tmux('new-session', '-d', '-s', name, '-n', 'edit "1"', '-x', '120', '-y', '40', '-c', root);
  server.tmux('split-window', '-h', '-t', `=${name}:0`, '-c', join(root, 'src'));
  server.tmux('select-pane', '-t', `=${name}:0.0`, '-T', 'main pane');
  server.tmux('new-window', '-t', `=${name}:`, '-n', 'run', '-c', join(root, 'deep', 'er'));
  server.tmux('new-window', '-d', '-t', `=${name}:`, '-n', 'started', '-c', root, 'sleep 4321');
  server.tmux('select-window', '-t', `=${name}:0`);
  server.tmux('set-option', '-t', `=${name}:`, '@claude-sessions-project-dir', root);
  server.tmux('set-option', '-t', `=${name}:`, '@claude-sessions-template', 'node');
  for (const [key, value] of [['FOO', 'bar baz'], ['API_KEY', 's3cret'], ['github_token', 'ghp'], ['PROJECT_ROOT', root]]) {
    server.tmux('set-environment', '-t', `=${name}:`, key as string, value as string);
  }
  await waitFor(() => server.tmux('display-message', '-p', '-t', `=${name}:1`, '#{pane_current_command}'), (text) => text.trim() === 'sh');
  server.tmux('send-keys', '-t', `=${name}:1`, '-l', 'sleep 1234');
  server.tmux('send-keys', '-t', `=${name}:1`, 'Enter');
  await waitForSleep(name);
}

function makeRoot(): string {
  const root = mkdtempSync(join(work, 'root-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'deep', 'er'), { recursive: true });
  return root;
}

beforeAll(() => {
  server = startTestServer();
  work = mkdtempSync(join(tmpdir(), 'cs-bundle-'));
  rootA = makeRoot();
  rootB = makeRoot();
});
afterAll(() => {
  server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('export then import --as', () => {
  it('rebuilds the same windows, panes, layouts, folders under the new root, programs and environment', async () => {
    await makeSession('proj', rootA);
    const file = join(work, 'proj.tar.gz');
    const exported = await cli('export', 'proj', '-o', file);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('API_KEY, github_token');
    const manifest = parseManifest((await readBundle(file)).manifest!.toString());
    expect(manifest.omittedSecrets).toEqual(['API_KEY', 'github_token']);
    expect(manifest.environment).toMatchObject({ FOO: 'bar baz' });
    expect(manifest.windows[1]?.panes[0]).toMatchObject({ cwd: 'deep/er', command: 'sleep 1234' });
    expect(manifest.windows[2]?.panes[0]).toMatchObject({ cwd: '.', command: 'sleep 4321' });

    const imported = await cli('import', file, '--as', 'copy', '--root', rootB, '--yes');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported claude-dev-copy: 3 windows, 4 panes, 2 programs started');
    await waitForSleep('claude-dev-copy', 2);
    expect(panesOf('claude-dev-copy', rootB)).toEqual(panesOf('proj', rootA));
    const env = server.tmux('show-environment', '-t', '=claude-dev-copy:');
    expect(env).toContain('FOO=bar baz\n');
    expect(env).toContain(`PROJECT_ROOT=${rootB}\n`);
    expect(env).not.toContain('API_KEY');
    expect(server.tmux('show-options', '-v', '-t', '=claude-dev-copy:', '@claude-sessions-project-dir').trim()).toBe(rootB);
    expect(server.tmux('show-options', '-v', '-t', '=claude-dev-copy:', '@claude-sessions-template').trim()).toBe('node');
  });

  it('keeps secrets with --include-secrets, and falls back to the root for a missing folder', async () => {
    await makeSession('secretive', rootA);
    const file = join(work, 'secrets.tar.gz');
    expect((await cli('export', 'secretive', '-o', file, '--include-secrets')).code).toBe(0);
    const bare = mkdtempSync(join(work, 'bare-'));
    const imported = await cli('import', file, '--as', 'claude-dev-secret', '--root', bare, '--yes');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('does not exist; it starts in');
    expect(server.tmux('show-environment', '-t', '=claude-dev-secret:')).toContain('API_KEY=s3cret\n');
    const paths = server.tmux('list-panes', '-s', '-t', '=claude-dev-secret:', '-F', '#{pane_current_path}').trimEnd().split('\n');
    expect(new Set(paths)).toEqual(new Set([bare]));
  });

  it('refuses an existing name without --as, creating nothing', async () => {
    server.tmux('new-session', '-d', '-s', 'taken', '-x', '120', '-y', '40', '-c', rootA);
    const file = join(work, 'taken.tar.gz');
    expect((await cli('export', 'taken', '-o', file)).code).toBe(0);
    const before = sessions();
    const result = await cli('import', file, '--root', rootB);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('a session named "taken" exists; give --as NAME');
    expect(sessions()).toEqual(before);
  });
});

describe('hostile session names', () => {
  it.each(['we ird "q\' ;$(touch pwned)', '-lead ü 日本', '$(touch pwned2); x'])('%s round-trips by its exact name', async (name) => {
    server.tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', rootA);
    const file = join(work, 'hostile.tar.gz');
    const exported = await cli('export', '-o', file, '--', name);
    expect(exported.code, exported.stderr).toBe(0);
    server.tmux('kill-session', '-t', idOf(name));
    const imported = await cli('import', file, '--root', rootB, '--yes');
    expect(imported.code, imported.stderr).toBe(0);
    expect(sessions()).toContain(name);
    const renamed = await cli('import', file, `--as=${name}`, '--root', rootB, '--yes');
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(sessions()).toContain(`claude-dev-${name}`);
    expect(existsSync(join(rootA, 'pwned')) || existsSync(join(rootB, 'pwned')) || existsSync('pwned')).toBe(false);
  });
});

describe('refused bundles', () => {
  // A bundle from a staging folder: manifest.json plus `extra` entries made by `prepare`.
  async function bundleWith(name: string, entries: string[], prepare: (stage: string) => void, manifest = { version: 1, session: 'evil', windows: [{ index: 0, name: 'w', layout: '', active: true, panes: [{ index: 0, cwd: '.', command: '', title: '', active: true }] }] }): Promise<string> {
    const stage = mkdtempSync(join(work, 'stage-'));
    mkdirSync(join(stage, 'in'));
    writeFileSync(join(stage, 'in', 'manifest.json'), JSON.stringify(manifest));
    prepare(stage);
    const file = join(work, `${name}.tar.gz`);
    await create({ gzip: true, file, cwd: join(stage, 'in'), preservePaths: true }, ['manifest.json', ...entries]);
    return file;
  }

  const refused = async (file: string, reason: string) => {
    const before = sessions();
    const result = await cli('import', file, '--as', 'claude-dev-evil', '--root', rootB);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(reason);
    expect(sessions()).toEqual(before);
  };

  it('refuses a ../ entry and writes nothing outside', async () => {
    const file = await bundleWith('dotdot', ['../evil'], (stage) => writeFileSync(join(stage, 'evil'), 'x'));
    await refused(file, `entry "../evil" has a '..'`);
    expect(existsSync(join(rootB, '..', 'evil'))).toBe(false);
  });

  it('refuses an absolute entry', async () => {
    const target = join(work, 'absolute-evil');
    const file = await bundleWith('absolute', [target], () => writeFileSync(target, 'x'));
    rmSync(target);
    await refused(file, 'has an absolute path');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a symlink entry', async () => {
    const file = await bundleWith('symlink', ['link'], (stage) => symlinkSync('/etc/passwd', join(stage, 'in', 'link')));
    await refused(file, 'entry "link" is a symbolic link to "/etc/passwd"');
    expect(existsSync(join(rootB, 'link'))).toBe(false);
  });

  it("refuses a window's worktree that is not a worktree name", async () => {
    const window = { index: 0, name: 'w', layout: '', active: true, panes: [{ index: 0, cwd: '.', command: '', title: '', active: true }] };
    const manifest = { version: 1, session: 'evil', windows: [{ ...window, worktree: '../../elsewhere' }] };
    await refused(await bundleWith('worktree', [], () => undefined, manifest as never), 'windows[0].worktree "../../elsewhere" is not a worktree name');
  });

  it('refuses an unknown manifest version and a bundle without a manifest', async () => {
    await refused(await bundleWith('v2', [], () => undefined, { version: 2 } as never), 'unknown bundle version 2');
    const stage = mkdtempSync(join(work, 'nomanifest-'));
    writeFileSync(join(stage, 'other.txt'), 'x');
    const file = join(work, 'nomanifest.tar.gz');
    await create({ gzip: true, file, cwd: stage }, ['other.txt']);
    await refused(file, 'has no manifest.json');
    writeFileSync(join(work, 'garbage.tar.gz'), 'not a tar at all');
    await refused(join(work, 'garbage.tar.gz'), 'garbage.tar.gz');
  });
});

describe('Claude panes', () => {
  it('carry their conversation id and transcript; import resumes it from the installed transcript', async () => {
    const config = mkdtempSync(join(work, 'claude-config-'));
    const transcript = join(work, 'old-transcript.jsonl');
    writeFileSync(transcript, '{"type":"user"}\n');
    const id = '0b7e8c4e-1111-4222-8333-444455556666';
    server.tmux('new-session', '-d', '-s', 'agent', '-x', '120', '-y', '40', '-c', join(rootA, 'src'));
    server.tmux('set-option', '-t', '=agent:', '@claude-sessions-project-dir', rootA);
    server.tmux('set-option', '-p', '-t', '=agent:0.0', '@claude-session-id', id);
    server.tmux('set-option', '-p', '-t', '=agent:0.0', '@claude-transcript-path', transcript);
    const file = join(work, 'agent.tar.gz');
    const exported = await cli('export', 'agent', '-o', file, '--with-transcripts');
    expect(exported.code, exported.stderr).toBe(0);
    const manifest = parseManifest((await readBundle(file)).manifest!.toString());
    expect(manifest.claude).toEqual([{ pane: '0.0', sessionId: id, args: [], transcript: `${id}.jsonl` }]);
    expect(manifest.windows[0]?.panes[0]?.command).toBe('');

    process.env['CLAUDE_CONFIG_DIR'] = config;
    server.tmux('set-option', '-g', '@claude-sessions-claude-command', 'cc-wrapper --verbose');
    try {
      const imported = await cli('import', file, '--as', 'agent2', '--root', rootB, '--yes');
      expect(imported.code, imported.stderr).toBe(0);
    } finally {
      delete process.env['CLAUDE_CONFIG_DIR'];
    }
    const installed = join(config, 'projects', join(rootB, 'src').replace(/[^A-Za-z0-9]/g, '-'), `${id}.jsonl`);
    expect(existsSync(installed)).toBe(true);
    const screen = await waitFor(() => server.tmux('capture-pane', '-p', '-J', '-t', '=claude-dev-agent2:0.0'), (text) => text.includes('--resume'));
    // Typed with the user's @claude-sessions-claude-command, not a bare `claude`.
    expect(screen).toContain(`cc-wrapper --verbose --resume ${id}`);
    server.tmux('set-option', '-gu', '@claude-sessions-claude-command');
    expect(server.tmux('show-options', '-p', '-v', '-t', '=claude-dev-agent2:0.0', '@claude-session-id').trim()).toBe(id);
  });
});

describe('import of windows that worked in git worktrees', () => {
  const window = (index: number, worktree?: string) => ({
    index,
    name: worktree ?? 'main',
    layout: '',
    active: index === 0,
    panes: [{ index: 0, cwd: worktree ? `.worktrees/${worktree}` : '.', command: '', title: '', active: true }],
    ...(worktree ? { worktree } : {}),
  });
  const manifest = { version: 1, session: 'claude-dev-wt', windows: [window(0), window(1, 'feature-x'), window(2, 'gone-branch')] };
  const git = (dir: string, ...args: string[]) => {
    const result = spawnSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8', env: testEnv() });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  let file = '';
  beforeAll(async () => {
    const stage = mkdtempSync(join(work, 'stage-wt-'));
    writeFileSync(join(stage, 'manifest.json'), JSON.stringify(manifest));
    file = join(work, 'worktrees.tar.gz');
    await create({ gzip: true, file, cwd: stage }, ['manifest.json']);
  });

  it('recreates the worktree whose branch the new root has, and says why not for the one it lacks', async () => {
    const root = mkdtempSync(join(work, 'repo-'));
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'commit', '-q', '--allow-empty', '-m', 'first');
    git(root, 'branch', 'feature-x');
    const result = await cli('import', file, '--as', 'claude-dev-wt-in-repo', '--root', root);
    expect(result.code, result.stderr).toBe(0);
    const worktree = join(root, '.worktrees', 'feature-x');
    expect(git(root, 'worktree', 'list', '--porcelain')).toContain(`worktree ${worktree}\nHEAD `);
    expect(git(worktree, 'branch', '--show-current').trim()).toBe('feature-x');
    const paths = server.tmux('list-panes', '-s', '-t', '=claude-dev-wt-in-repo:', '-F', '#{window_index}=#{pane_current_path}').trim().split('\n');
    expect(paths).toEqual([`0=${root}`, `1=${worktree}`, `2=${root}`]);
    expect(server.tmux('show-options', '-w', '-t', '=claude-dev-wt-in-repo:1', '-v', '@claude-sessions-worktree').trim()).toBe('feature-x');
    expect(result.stderr).toContain('claude-sessions: worktree .worktrees/feature-x recreated on branch feature-x\n');
    expect(result.stderr).toContain(
      `claude-sessions: worktree .worktrees/gone-branch not recreated: the repository in ${root} has no branch gone-branch (fetch it, then: claude-sessions worktree add gone-branch); its windows start in ${root}\n`,
    );
  });

  it('says a root outside git cannot get its worktrees back', async () => {
    const root = mkdtempSync(join(work, 'plain-'));
    const result = await cli('import', file, '--as', 'claude-dev-wt-plain', '--root', root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`claude-sessions: worktree .worktrees/feature-x not recreated: ${root} is not a git repository; its windows start in ${root}\n`);
    expect(existsSync(join(root, '.worktrees'))).toBe(false);
  });
});
