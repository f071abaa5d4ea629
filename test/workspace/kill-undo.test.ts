// Killing is undoable: `kill` and `kill --all` save what they kill first (with pane
// contents, whatever the capture option says, `last` untouched) and print the one command
// that brings it back, which still works after later saves have moved `last` on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitShellWords } from '../../src/util/shell-words.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { settled } from '../helpers/settled.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

const PANES = '#{window_index}.#{pane_index} #{window_name} #{pane_current_path}';

describe('kill, then the printed command', () => {
  let server: TestServer;
  const savedState = process.env['XDG_STATE_HOME'];
  beforeEach(() => {
    server = startTestServer();
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
    server.tmux('set-option', '-g', '@resurrect-dir', join(server.dir, 'saves'));
    // Pane contents come back though saves do not keep them.
    server.tmux('set-option', '-g', '@claude-sessions-capture-pane-contents', 'off');
    // A plain sh session instead of the placeholder, whose login shell `settled` would wait out.
    server.newSession('other');
    server.tmux('kill-session', '-t', '=placeholder:');
  });
  afterEach(() => {
    process.env['XDG_STATE_HOME'] = savedState;
    server.stop();
  });

  const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);
  const panesOf = (session: string) => server.tmux('list-panes', '-s', '-t', `=${session}:`, '-F', PANES).trim().split('\n');
  const screen = (target: string) => server.tmux('capture-pane', '-p', '-S', '-', '-t', target);
  const sessions = () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort();

  // A workspace of two windows, the second split in a subfolder, with a marker line in each pane's scrollback.
  const workspace = async (name: string) => {
    const dir = join(server.dir, name);
    mkdirSync(join(dir, 'src'), { recursive: true });
    server.newSession(`claude-dev-${name}`, dir);
    server.tmux('new-window', '-t', `=claude-dev-${name}:`, '-n', 'second', '-c', dir);
    server.tmux('split-window', '-t', `=claude-dev-${name}:1`, '-c', join(dir, 'src'));
    for (const pane of ['0.0', '1.0', '1.1']) {
      const target = `=claude-dev-${name}:${pane}`;
      server.tmux('send-keys', '-t', target, `seq 1 60; echo ${name}-in-${pane.replace('.', '-')}-$((6*7))`, 'Enter');
      await waitFor(() => screen(target), (text) => text.includes(`${name}-in-${pane.replace('.', '-')}-42`));
    }
    return dir;
  };
  // Run a printed `claude-sessions ...` command line the way a shell would split it.
  const runPrinted = (command: string) => {
    const [program, ...argv] = splitShellWords(command).words;
    expect(program).toBe('claude-sessions');
    return runCliCaptured(argv);
  };

  it('kill prints the command that brings the workspace back, windows, panes and contents, after a later save moved `last`', async () => {
    const dir = await workspace('undo');
    await settled(server);
    const before = panesOf('claude-dev-undo');
    expect(before).toEqual([`0.0 sh ${dir}`, `1.0 second ${dir}`, `1.1 second ${join(dir, 'src')}`]);

    const killed = await cli('kill', 'undo');
    expect(killed.stderr).toBe('');
    expect(killed.code).toBe(0);
    const command = /^Session claude-dev-undo terminated, saved first; to bring it back: (claude-sessions .*)\n$/.exec(killed.stdout)?.[1] ?? '';
    expect(command).toMatch(new RegExp(`^claude-sessions -S '${server.socket}' restore --session claude-dev-undo --file '${join(server.dir, 'saves')}/tmux_resurrect_\\d{8}T\\d{6}_cs(?:-\\d+)?\\.txt'$`));
    expect(sessions()).not.toContain('claude-dev-undo');

    // The next full save (a detach's autosave, prefix C-s) moves `last` past the kill.
    expect((await cli('save')).code).toBe(0);
    const restored = await runPrinted(command);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/^restored 1 session, 3 panes from /) });
    expect(await waitFor(() => panesOf('claude-dev-undo'), (panes) => JSON.stringify(panes) === JSON.stringify(before))).toEqual(before);
    for (const pane of ['0.0', '1.0', '1.1']) {
      const text = await waitFor(() => screen(`=claude-dev-undo:${pane}`), (shown) => shown.includes(`undo-in-${pane.replace('.', '-')}-42`));
      expect(text).toContain(`undo-in-${pane.replace('.', '-')}-42`);
    }
  });

  it('kill --all saves each workspace and prints the command for each', async () => {
    await workspace('one');
    await workspace('two');
    await settled(server);
    const before = { one: panesOf('claude-dev-one'), two: panesOf('claude-dev-two') };
    const killed = await cli('kill', '--all', '--yes');
    expect(killed).toMatchObject({ code: 0, stderr: '' });
    const commands = [...killed.stdout.matchAll(/^Session (claude-dev-\w+) terminated, saved first; to bring it back: (.*)$/gm)].map((match) => [match[1], match[2] ?? '']);
    expect(commands.map(([name]) => name)).toEqual(['claude-dev-one', 'claude-dev-two']);
    expect(sessions()).toEqual(['other']);
    expect((await cli('save')).code).toBe(0);
    for (const [name, command] of commands) {
      expect((await runPrinted(command as string)).code).toBe(0);
      const project = (name as string).slice('claude-dev-'.length) as 'one' | 'two';
      expect(await waitFor(() => panesOf(name as string), (panes) => JSON.stringify(panes) === JSON.stringify(before[project]))).toEqual(before[project]);
      expect(await waitFor(() => screen(`=${name}:1.1`), (text) => text.includes(`${project}-in-1-1-42`))).toContain(`${project}-in-1-1-42`);
    }
  });

  it('kills nothing when the save cannot be written, and says why', async () => {
    await workspace('kept');
    const blocker = join(server.dir, 'not-a-folder');
    writeFileSync(blocker, '');
    server.tmux('set-option', '-g', '@resurrect-dir', blocker);
    const killed = await cli('kill', 'kept');
    expect(killed.code).toBe(1);
    expect(killed.stdout).toBe('');
    expect(killed.stderr).toMatch(/^claude-sessions: claude-dev-kept was not killed: saving it first failed: .*not-a-folder/);
    expect(sessions()).toContain('claude-dev-kept');
  });
});
