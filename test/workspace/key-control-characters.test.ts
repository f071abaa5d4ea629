// prefix N and prefix T in a pane whose folder name holds a newline (or a tab, a carriage
// return, another control character) followed by a command, pressed by a real attached
// client: #{q:} leaves such characters unescaped, so that text must never reach a shell.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';

// Each test waits for Node to build or refuse (several waits of up to 10 s on a loaded machine).
const SLOW = 60_000;

describe('keys in a folder whose name holds control characters', () => {
  let inner: TestServer; // the server with the plugin, which the "user" is attached to
  let outer: TestServer; // a terminal for that user: a pane running `tmux attach`
  let client: string;

  beforeAll(async () => {
    inner = startTestServer();
    outer = startTestServer();
    inner.tmux('set-option', '-g', '@claude-sessions-projects-dir', join(inner.dir, 'projects'));
    inner.tmux('set-option', '-g', '@claude-sessions-claude-command', 'true');
    // A test ends by killing the workspace it opened: the client moves on rather than detaching.
    inner.tmux('set-option', '-g', 'detach-on-destroy', 'off');
    inner.tmux('run-shell', join(REPO_ROOT, 'claude-sessions.tmux'));
    outer.tmux('new-session', '-d', '-s', 'terminal', '-x', '160', '-y', '40', `env -u TMUX tmux -S ${inner.socket} attach -t placeholder`);
    client = (await waitFor(() => inner.tmux('list-clients', '-F', '#{client_name}').trim(), (text) => text !== '')).split('\n')[0]!;
  });
  afterAll(() => {
    outer.stop();
    inner.stop();
  });
  // Every test opens a folder named `project`, so each starts with no claude-dev-project of another's.
  beforeEach(() => {
    try {
      inner.tmux('kill-session', '-t', '=claude-dev-project:');
    } catch {
      // none open
    }
  });

  // A folder "NAME<control>touch<TAB>/…/MARKER/…": after a newline the shell would run
  // `touch /…/MARKER` (the tab separates words; #{q:} escapes spaces). Returns the folder
  // and the marker file, which must never appear.
  function hostileFolder(tag: string, control: string): { folder: string; marker: string } {
    const marker = join(inner.dir, `PWNED-${tag}`);
    const folder = join(inner.dir, `p${control}touch\t${marker}`, 'project');
    mkdirSync(folder, { recursive: true });
    return { folder, marker };
  }

  // Put the client in a new session whose pane is in FOLDER.
  function enter(session: string, folder: string): void {
    inner.tmux('new-session', '-d', '-s', session, '-c', folder);
    inner.tmux('switch-client', '-c', client, '-t', `=${session}:`);
  }

  // Press prefix KEY, wait for PROMPT, type TEXT (after clearing the line when TEXT is given), Enter.
  async function answerPrompt(key: string, prompt: string, text?: string): Promise<void> {
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', key);
    // (a carriage return in the prompt's text sends the terminal back over the prompt's words:
    // open is when the status line, "[session]…", gives way)
    await waitFor(screen, (text) => text.includes(prompt) || !/(^|\n)\[[^\n]*\n$/.test(text));
    if (text !== undefined) {
      outer.tmux('send-keys', '-t', '=terminal:', 'C-u');
      outer.tmux('send-keys', '-t', '=terminal:', '-l', '--', text);
    }
    outer.tmux('send-keys', '-t', '=terminal:', 'Enter');
  }

  const clientSession = () => inner.tmux('display-message', '-p', '-c', client, '#{client_session}').trim();
  const screen = () => outer.tmux('capture-pane', '-p', '-t', '=terminal:');

  it.each([
    ['newline', '\n'],
    ['tab', '\t'],
    ['carriage return', '\r'],
    ['escape', '\x1b'],
    ['control-A', '\x01'],
  ])('prefix N, Enter in a folder whose name holds a %s and a command runs no command and opens that folder\'s workspace', async (tag, control) => {
    const { folder, marker } = hostileFolder(`new-${tag.replace(' ', '-')}`, control);
    enter(`start-${tag}`, folder);
    await answerPrompt('N', 'claude-sessions project');
    const session = await waitFor(clientSession, (name) => name === 'claude-dev-project');
    expect(session).toBe('claude-dev-project');
    // (the folder holds newlines: the whole listing is compared)
    expect(inner.tmux('list-panes', '-t', '=claude-dev-project:', '-F', '#{pane_current_path}')).toBe(`${folder}\n${folder}\n`);
    expect(existsSync(marker)).toBe(false);
    inner.tmux('kill-session', '-t', '=claude-dev-project:');
  }, SLOW);

  it('prefix T in a folder whose name holds a newline and a command runs no command, says why in the message line and makes nothing', async () => {
    const { folder, marker } = hostileFolder('worktree', '\n');
    enter('worktree-start', folder);
    await answerPrompt('T', 'worktree name:', 'feature');
    const shown = await waitFor(screen, (text) => text.includes('not a git repository'));
    expect(shown).toContain('claude-sessions: not a git repository');
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  }, SLOW);

  it('prefix T in a git repository whose folder name holds a newline makes the worktree there and runs no command', async () => {
    const { folder, marker } = hostileFolder('worktree-repo', '\n');
    const git = (...args: string[]) => spawnSync('git', ['-C', folder, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(folder, 'README'), 'hello\n');
    git('add', 'README');
    git('commit', '-q', '-m', 'initial');
    enter('worktree-repo', folder);
    await answerPrompt('T', 'worktree name:', 'feature');
    const made = await waitFor(() => git('worktree', 'list', '--porcelain').stdout, (text) => text.includes('.worktrees/feature'));
    expect(made).toContain(`worktree ${join(folder, '.worktrees', 'feature')}\n`);
    expect(existsSync(marker)).toBe(false);
  }, SLOW);

  it('a newline and a command typed at the prompts (recalled from the prompt history) runs no command', async () => {
    const { folder, marker } = hostileFolder('typed', '\n');
    // The first answer goes into the prompt history: the newline is then typed with Up.
    enter('typed-start', folder);
    await answerPrompt('N', 'claude-sessions project');
    await waitFor(clientSession, (name) => name === 'claude-dev-project');
    enter('typed-plain', inner.dir);
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'N');
    await waitFor(screen, (text) => text.includes('claude-sessions project'));
    outer.tmux('send-keys', '-t', '=terminal:', 'C-u', 'Up', 'Enter');
    await waitFor(() => inner.tmux('show-options', '-gv', '@claude-sessions-prompt'), (text) => text === `${folder}\n`);
    expect(await waitFor(clientSession, (name) => name === 'claude-dev-project')).toBe('claude-dev-project');
    // prefix T in a git repository: the same text as a worktree name is refused with a clear message.
    const repo = join(inner.dir, 'repo');
    mkdirSync(repo);
    spawnSync('git', ['-C', repo, 'init', '-q'], { encoding: 'utf8' });
    spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'initial'], { encoding: 'utf8', input: '' });
    enter('typed-repo', repo);
    outer.tmux('send-keys', '-t', '=terminal:', 'C-b', 'T');
    await waitFor(screen, (text) => text.includes('worktree name:'));
    outer.tmux('send-keys', '-t', '=terminal:', 'Up', 'Enter');
    await waitFor(() => inner.tmux('show-options', '-gv', '@claude-sessions-worktree-prompt'), (text) => text === `${folder}\n`);
    // The message line shows its start; the server's message log has all of it.
    const shown = await waitFor(screen, (text) => text.includes('claude-sessions: bad worktree name'));
    expect(shown).toContain('claude-sessions: bad worktree name');
    expect(inner.tmux('show-messages')).toContain(`message: claude-sessions: bad worktree name ${JSON.stringify(folder)}: it contains control characters`);
    expect(readdirSync(repo)).toEqual(['.git']);
    expect(existsSync(marker)).toBe(false);
  }, SLOW);
});
