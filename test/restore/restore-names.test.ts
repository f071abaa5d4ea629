// Session names across save and restore, and a restore that tmux refuses part way through a
// batch split over several tmux calls.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreServer } from '../../src/restore/restore.ts';
import { saveServer } from '../../src/save/save.ts';
import { TmuxClient, protectArgument } from '../../src/tmux/index.ts';
import { crowdedSessionLines, paneLine, runRestoreCli, sessionLines, stateLine, windowLine, writeSave } from '../helpers/resurrect-lines.ts';
import { listed, namesSettled, restoreServersPerTest, type RestoreServer } from '../helpers/restore-server.ts';

const setup = restoreServersPerTest();

// Names as a user may give them; tmux stores some with escapes (a backslash doubled, TAB as \t).
const NAMES = [
  'back\\slash',
  'two\\\\backslashes',
  'tab\there',
  'new\nline',
  'literal \\n and \\t',
  'octal \\033 text',
  'bell\u0007 and esc\u001b',
  `it's "quoted"`,
  'semi;colon',
  '$(touch pwned) `id`',
  'ünïcødé 🎉',
  '-leading-dash',
  'ends;',
];

const sessionNames = (server: RestoreServer) => server.tmux('list-sessions', '-F', '#{session_name}');

describe('session names', () => {
  it('come back byte for byte after 10 rounds of save, kill-server and restore', async () => {
    const server = setup();
    await server.start('main');
    for (const name of NAMES) server.tmux('new-session', '-d', '-s', protectArgument(name), '-c', server.dir);
    server.tmux('new-window', '-d', '-t', '=main:', '-n', 'window\\with\ttab');
    await namesSettled(server);
    const before = sessionNames(server);
    const windows = listed(server, 'list-windows', '#{window_name}', '-t', '=main:');
    expect(before).toContain('back\\\\slash\n');
    for (let round = 1; round <= 10; round++) {
      await saveServer(server.client, {});
      server.kill();
      const result = await restoreServer(server.client, {});
      expect({ round, skipped: result.skipped, names: sessionNames(server) }).toEqual({ round, skipped: [], names: before });
    }
    expect(listed(server, 'list-windows', '#{window_name}', '-t', '=main:')).toEqual(windows);
  });
});

// A tmux that lets another client take `name` just before the second tmux call of the
// restore that renames sessions, and counts those calls in `log`.
function tmuxTakingName(server: RestoreServer, name: string): { binary: string; log: string } {
  const binary = join(server.dir, 'tmux-taking-name');
  const log = join(server.dir, 'rename-calls');
  writeFileSync(log, '');
  writeFileSync(
    binary,
    [
      '#!/bin/sh',
      'case "$*" in *rename-session*claude-sessions-restoring-*)',
      `  echo call >> '${log}'`,
      `  [ "$(wc -l < '${log}')" -eq 2 ] && '${server.binary}' -S '${server.socket}' new-session -d -s '${name}' -c /`,
      'esac',
      `exec '${server.binary}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(binary, 0o755);
  return { binary, log };
}

const MANY = 250;

describe('a restore split over several tmux calls', () => {
  it('that tmux refuses in a later call removes every session it made and names the command that failed', async () => {
    const server = setup();
    await server.start('main');
    const names = Array.from({ length: MANY }, (_, n) => `project-session-${String(n).padStart(3, '0')}`);
    const last = names.at(-1) ?? '';
    const file = writeSave(join(server.dir, 'save.txt'), [...names.flatMap((name) => sessionLines(name, server.dir)), stateLine()]);
    const before = listed(server, 'list-sessions', '#{session_id}\t#{session_name}');
    const { binary, log } = tmuxTakingName(server, last);
    const client = new TmuxClient({ server: { socketPath: server.socket }, binary });

    const error = (await restoreServer(client, { file }).then(() => undefined, (caught: unknown) => caught)) as Error;
    // The name was taken between two calls, so the earlier one had already renamed sessions.
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    const taken = listed(server, 'list-sessions', '#{session_name}').filter((name) => name === last);
    expect(taken).toEqual([last]);
    expect(listed(server, 'list-sessions', '#{session_id}\t#{session_name}').filter((line) => !line.endsWith(`\t${last}`))).toEqual(before);
    expect(server.tmux('show-options', '-gqv', '@claude-sessions-restoring')).toBe('');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(new RegExp(`^restore failed, nothing was changed: tmux rename-session failed: duplicate session: ${last} \\(command \\d+ of \\d+: tmux rename-session -t =claude-sessions-restoring-[0-9a-f]+-${MANY - 1}: -- ${last}\\)$`));
  });

  it('with a pane tmux cannot split in its last session removes everything and names that split', async () => {
    const server = setup();
    await server.start('main');
    const names = Array.from({ length: MANY }, (_, n) => `project-session-${String(n).padStart(3, '0')}`);
    const crowded = crowdedSessionLines('crowded', server.dir);
    const file = writeSave(join(server.dir, 'save.txt'), [...names.flatMap((name) => sessionLines(name, server.dir)), ...crowded, stateLine()]);
    const before = listed(server, 'list-sessions', '#{session_id}\t#{session_name}');
    const { code, stderr } = await runRestoreCli(server, '--file', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^claude-sessions: restore failed, nothing was changed: tmux split-window failed: .*no space for new pane \(command \d+ of \d+: tmux split-window -t =claude-sessions-restoring-[0-9a-f]+-250:1 -c .*\)\n$/);
    expect(listed(server, 'list-sessions', '#{session_id}\t#{session_name}')).toEqual(before);
  });
});
