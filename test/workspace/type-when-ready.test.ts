// Typing a new workspace's commands once each pane's shell is ready, on a real tmux server.
// The panes run a stand-in shell that takes a while to start, notes any key that reached it
// before its prompt, then records every line typed into it, so the test sees exactly what
// arrived, where, in which order, and when.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';
import { openWorkspace } from '../../src/workspace/open.ts';
import { typeWhenReady } from '../../src/workspace/type-when-ready.ts';

// Typed into the panes as template commands: quotes, tmux syntax, shell syntax, non-ASCII.
const FIRST = [`it's "quoted"; echo '\\'' done`, '#{pane_id} $HOME ${PATH} ~ %if 1 \\; \\\\ { } ;'];
const SECOND = ["日本語 é 🎉 '' \"\" -- -l"];
const THIRD = ['ends with a semicolon;', "'"];

describe('typing a new workspace\'s commands', () => {
  let server: TestServer;
  let seen: string;
  const saved = process.env['XDG_STATE_HOME'];
  beforeAll(() => {
    server = startTestServer();
    process.env['XDG_STATE_HOME'] = join(server.dir, 'state');
    seen = join(server.dir, 'seen');
    mkdirSync(seen);
    const shell = join(server.dir, 'slow-shell');
    // A pane in a folder named `silent` never shows a prompt; one in `gone` ends at once.
    writeFileSync(shell, [
      '#!/bin/bash',
      'case $PWD in */gone) exit 0 ;; esac',
      'sleep 0.5',
      `if read -t 0; then : >'${seen}/early'"$TMUX_PANE"; fi`,
      'case $PWD in */silent) exec cat >/dev/null ;; esac',
      "printf 'ready$ '",
      `while IFS= read -r line; do printf '%s\\n' "$line" >>'${seen}/typed'"$TMUX_PANE"; printf 'ready$ '; done`,
      '',
    ].join('\n'));
    chmodSync(shell, 0o755);
    server.tmux('set-option', '-g', 'default-command', shell);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['XDG_STATE_HOME'];
    else process.env['XDG_STATE_HOME'] = saved;
    server.stop();
  });

  // What each pane of the session received, by "window ordinal.pane ordinal".
  const typedInto = (session: string) => {
    const rows = server.tmux('list-panes', '-s', '-t', `=${session}:`, '-F', '#{pane_id}').trim().split('\n');
    return rows.map((id) => (existsSync(join(seen, `typed${id}`)) ? readFileSync(join(seen, `typed${id}`), 'utf8') : ''));
  };
  const yaml = (commands: readonly string[]) => `[${commands.map((text) => JSON.stringify(text)).join(', ')}]`;

  it('types every pane\'s commands only once its shell shows a prompt, in order, exactly as written', async () => {
    const dir = join(server.dir, 'typist');
    mkdirSync(dir);
    writeFileSync(join(dir, '.claude-sessions.yaml'), [
      'windows:',
      '  - name: one',
      '    panes:',
      `      - commands: ${yaml(FIRST)}`,
      `      - commands: ${yaml(SECOND)}`,
      '  - name: two',
      '    panes:',
      `      - commands: ${yaml(THIRD)}`,
      '',
    ].join('\n'));

    const result = await runCliCaptured(['-S', server.socket, 'new', dir, '--detach']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const expected = [FIRST, SECOND, THIRD].map((lines) => lines.map((line) => `${line}\n`).join(''));
    const typed = await waitFor(() => typedInto('claude-dev-typist'), (panes) => panes.join('') === expected.join(''));
    expect(typed).toEqual(expected);
    expect(readdirSync(seen).filter((file) => file.startsWith('early'))).toEqual([]);
  });

  it('past the wait, types into a pane that shows no prompt and says so, and leaves a pane that is gone', async () => {
    const dir = join(server.dir, 'waiter');
    for (const sub of ['silent', 'gone']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, '.claude-sessions.yaml'), [
      'windows:',
      '  - name: w',
      '    panes:',
      '      - { dir: silent, commands: [echo to-the-silent-one] }',
      '      - { dir: gone, commands: [echo to-the-gone-one] }',
      '      - { commands: [echo to-the-ready-one] }',
      '',
    ].join('\n'));

    const result = await openWorkspace(server.client, { projectDir: dir, readyTimeoutMs: 1500 });

    expect(result.notes).toContain('no shell prompt in time in pane(s) 0.0; their commands were typed anyway');
    const panes = server.tmux('list-panes', '-t', '=claude-dev-waiter:', '-F', '#{pane_id}').trim().split('\n');
    expect(panes).toHaveLength(2);
    const silent = await waitFor(() => server.tmux('capture-pane', '-p', '-t', panes[0] ?? ''), (text) => text.includes('to-the-silent-one'));
    expect(silent).toContain('echo to-the-silent-one');
    expect(typedInto('claude-dev-waiter')).toEqual(['', 'echo to-the-ready-one\n']);
  });

  it('finds the panes by position when it is given no pane ids', async () => {
    server.tmux('new-session', '-d', '-s', 'by-position', '-c', server.dir);
    server.tmux('split-window', '-t', '=by-position:');
    server.tmux('new-window', '-t', '=by-position:');
    const pane = (windowOrdinal: number, paneOrdinal: number, type: string[]) => ({ windowOrdinal, paneOrdinal, role: 'shell' as const, dir: server.dir, type });

    const result = await typeWhenReady(server.client, '=by-position:', [pane(0, 1, ['second']), pane(1, 0, ['third', 'fourth']), pane(0, 0, ['first']), pane(2, 0, ['none'])]);

    expect(result).toEqual({ late: [], missing: ['2.0'] });
    const typed = await waitFor(() => typedInto('by-position'), (panes) => panes.join('') === 'first\nsecond\nthird\nfourth\n');
    expect(typed).toEqual(['first\n', 'second\n', 'third\nfourth\n']);
  });
});
