// `import` runs nothing the user has not seen, on a real tmux server: variables that change
// what runs are refused unless allowed by name, the commands and environment are shown and
// asked about (y/N on a terminal, --yes for scripts, refused with neither), and
// --no-commands builds the layout alone.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/util/shell-words.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const SHIM = join(REPO_ROOT, 'scripts', 'claude-sessions');
const CLAUDE_ID = '0b7e8c4e-1111-4222-8333-444455556666';

let server: TestServer;
let work: string;
let root: string;

const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);
const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trimEnd().split('\n');
const screen = (target: string) => server.tmux('capture-pane', '-p', '-J', '-t', target);

interface BundleSpec {
  readonly environment?: Record<string, string>;
  readonly commands?: readonly [string, string];
  readonly claude?: boolean;
}

// A bundle of one window: pane 0 in sub/ running commands[0], pane 1 in the root running
// commands[1] (or Claude with a bundled transcript), and the given environment.
let bundles = 0;
async function bundle(spec: BundleSpec): Promise<string> {
  const stage = mkdtempSync(join(work, 'stage-'));
  const [first, second] = spec.commands ?? ['echo TYPED-$((6*7))', ''];
  const pane = (index: number, cwd: string, command: string) => ({ index, cwd, command, title: '', active: index === 0 });
  const manifest = {
    version: 1,
    session: 'consent',
    windows: [{ index: 0, name: 'w', layout: '', active: true, panes: [pane(0, 'sub', first), pane(1, '.', second)] }],
    environment: spec.environment ?? {},
    claude: spec.claude ? [{ pane: '0.1', sessionId: CLAUDE_ID, args: ['--model', 'opus'], transcript: `${CLAUDE_ID}.jsonl` }] : [],
  };
  writeFileSync(join(stage, 'manifest.json'), JSON.stringify(manifest));
  mkdirSync(join(stage, 'transcripts'));
  writeFileSync(join(stage, 'transcripts', `${CLAUDE_ID}.jsonl`), '{"type":"user"}\n');
  const file = join(work, `bundle-${++bundles}.tar.gz`);
  await create({ gzip: true, file, cwd: stage }, spec.claude ? ['manifest.json', 'transcripts'] : ['manifest.json']);
  return file;
}

// The CLI as a script runs it: the committed bundle through the shim, stdin and stderr pipes.
function script(...args: string[]) {
  const result = spawnSync(SHIM, ['-S', server.socket, ...args], { encoding: 'utf8', input: '', env: testEnv() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Wait for the shell prompt in every pane of a session; returns each pane's screen.
async function promptsOf(session: string): Promise<string[]> {
  const targets = server.tmux('list-panes', '-s', '-t', `=${session}:`, '-F', '#{pane_id}').trimEnd().split('\n');
  return Promise.all(targets.map((target) => waitFor(() => screen(target), (text) => text.trim() !== '')));
}

beforeAll(() => {
  server = startTestServer();
  work = mkdtempSync(join(tmpdir(), 'cs-consent-'));
  root = mkdtempSync(join(work, 'root-'));
  mkdirSync(join(root, 'sub'));
});
afterAll(() => {
  server.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('variables that change what runs', () => {
  it('are refused even with --yes, each named with the --allow-env that allows it, and nothing is made', async () => {
    const environment = {
      PROMPT_COMMAND: 'touch pwned',
      BASH_ENV: '/tmp/evil.sh',
      PS1: '$(touch pwned) $ ',
      LD_PRELOAD: '/tmp/evil.so',
      NODE_OPTIONS: '--require /tmp/evil.js',
      GIT_SSH_COMMAND: 'evil',
      http_proxy: 'http://evil:8080',
      ANTHROPIC_BASE_URL: 'https://evil.example',
      FOO: 'harmless',
    };
    const before = sessions();
    const result = await cli('import', await bundle({ environment }), '--as', 'refused', '--root', root, '--yes');
    expect(result.code).toBe(1);
    for (const name of Object.keys(environment).filter((name) => name !== 'FOO')) expect(result.stderr).toContain(`--allow-env ${name}`);
    expect(result.stderr).not.toContain('FOO');
    expect(result.stderr).toContain('nothing was made');
    expect(sessions()).toEqual(before);
  });

  it('allowing one by name leaves the others refused', async () => {
    const before = sessions();
    const result = await cli('import', await bundle({ environment: { PROMPT_COMMAND: 'x', BASH_ENV: 'y' } }), '--as', 'half', '--root', root, '--yes', '--allow-env', 'PROMPT_COMMAND');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--allow-env BASH_ENV');
    expect(result.stderr).not.toContain('PROMPT_COMMAND');
    expect(sessions()).toEqual(before);
  });

  it('with --allow-env NAME the variable is set on the session', async () => {
    const file = await bundle({ environment: { PROMPT_COMMAND: 'echo allowed', FOO: 'bar' } });
    const result = await cli('import', file, '--as', 'allowed', '--root', root, '--yes', '--allow-env', 'PROMPT_COMMAND');
    expect(result.code, result.stderr).toBe(0);
    const env = server.tmux('show-environment', '-t', '=claude-dev-allowed:');
    expect(env).toContain('PROMPT_COMMAND=echo allowed\n');
    expect(env).toContain('FOO=bar\n');
  });

  it("a workspace's own variables are not refused and take this machine's values, not the bundle's", async () => {
    const environment = { EDITOR: 'touch pwned-editor', CLAUDE_PROJECT: 'theirs', CLAUDE_CODE_TMUX_SESSION: 'evil', PROJECT_ROOT: '/elsewhere' };
    const result = await cli('import', await bundle({ environment }), '--as', 'own', '--root', root, '--yes');
    expect(result.code, result.stderr).toBe(0);
    const env = server.tmux('show-environment', '-t', '=claude-dev-own:');
    expect(env).toContain(`EDITOR=${process.env['EDITOR'] || 'nvim'}\n`);
    expect(env).toContain('CLAUDE_PROJECT=own\n');
    expect(env).toContain('CLAUDE_CODE_TMUX_SESSION=1\n');
    expect(env).toContain(`PROJECT_ROOT=${root}\n`);
  });
});

describe('what import would do is shown and asked about', () => {
  it('without a terminal and without --yes it shows the commands, Claude and the variables, refuses naming --yes, and makes nothing', async () => {
    const file = await bundle({ environment: { FOO: 'bar baz' }, commands: ['make \u001b[8mhidden\r', ''], claude: true });
    const before = sessions();
    const result = script('import', file, '--as', 'unseen', '--root', root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`0\\.0 +${join(root, 'sub')} +make \\\\x1b\\[8mhidden\\\\x0d\n`));
    expect(result.stderr).toMatch(new RegExp(`0\\.1 +${root} +claude --model opus --resume ${CLAUDE_ID}\n`));
    expect(result.stderr).toContain('FOO=bar baz\n');
    expect(result.stderr).toContain('not asking without a terminal');
    expect(result.stderr).toContain('pass --yes');
    expect(sessions()).toEqual(before);
  });

  it('with --yes it is made and the commands are typed', async () => {
    const result = script('import', await bundle({ environment: { FOO: 'bar' } }), '--as', 'scripted', '--root', root, '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('echo TYPED-$((6*7))');
    expect(await waitFor(() => screen('=claude-dev-scripted:0.0'), (text) => text.includes('TYPED-42'))).toContain('TYPED-42');
  });

  it('on a terminal, n makes nothing and y makes the session', async () => {
    const file = await bundle({ environment: { FOO: 'bar' } });
    server.tmux('new-session', '-d', '-s', 'terminal', '-x', '160', '-y', '50', '-c', work);
    await waitFor(() => screen('=terminal:'), (text) => text.trim() !== '');
    const ask = async (answer: string): Promise<string> => {
      server.tmux('send-keys', '-t', '=terminal:', 'clear', 'Enter');
      const line = `${shellQuote(SHIM)} -S ${shellQuote(server.socket)} import ${shellQuote(file)} --as asked --root ${shellQuote(root)}; echo "exit=$?"`;
      server.tmux('send-keys', '-t', '=terminal:', '-l', line);
      server.tmux('send-keys', '-t', '=terminal:', 'Enter');
      const question = await waitFor(() => screen('=terminal:'), (text) => text.includes('(y/N)'));
      expect(question).toContain('echo TYPED-$((6*7))');
      expect(question).toContain('FOO=bar');
      server.tmux('send-keys', '-t', '=terminal:', '-l', answer);
      server.tmux('send-keys', '-t', '=terminal:', 'Enter');
      return waitFor(() => screen('=terminal:'), (text) => /exit=\d/.test(text));
    };
    const declined = await ask('n');
    expect(declined).toContain('import cancelled; nothing was made');
    expect(declined).toContain('exit=1');
    expect(sessions()).not.toContain('claude-dev-asked');
    const accepted = await ask('y');
    expect(accepted).toContain('imported claude-dev-asked');
    expect(accepted).toContain('exit=0');
    expect(sessions()).toContain('claude-dev-asked');
  });
});

describe('--no-commands', () => {
  it('builds the panes with nothing typed and no Claude started, and says so', async () => {
    const file = await bundle({ commands: ['echo TYPED-$((6*7))', ''], claude: true });
    const result = await cli('import', file, '--as', 'bare', '--root', root, '--no-commands');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('layout only (--no-commands: no command typed, Claude not started)');
    expect(result.stderr).toContain(`claude --resume ${CLAUDE_ID}`);
    const panes = server.tmux('list-panes', '-s', '-t', '=claude-dev-bare:', '-F', '#{pane_index} #{pane_current_path} #{pane_current_command} [#{@claude-session-id}]');
    expect(panes).toBe(`0 ${join(root, 'sub')} sh []\n1 ${root} sh []\n`);
    // Only the prompt (sh's $, or # as root): nothing was typed.
    for (const text of await promptsOf('claude-dev-bare')) expect(text.trim()).toMatch(/^[$#]$/);
  });

  it('still asks before applying the bundle\'s environment: refused without a terminal or --yes', async () => {
    const before = sessions();
    const result = script('import', await bundle({ environment: { FOO: 'bar' } }), '--as', 'bare-env', '--root', root, '--no-commands');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FOO=bar');
    expect(result.stderr).toContain('pass --yes');
    expect(sessions()).toEqual(before);
  });
});
