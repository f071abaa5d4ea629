// A save tmux-resurrect wrote, whose names and paths hold TABs (it writes them as they are):
// every session comes back, and the restore says what it read from the lines it had to guess.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paneLine, runRestoreCli, stateLine, windowLine, writeSave } from '../helpers/resurrect-lines.ts';
import { listed, restoreServersPerTest } from '../helpers/restore-server.ts';

const setup = restoreServersPerTest();

describe('a save tmux-resurrect wrote with TABs inside names and paths', () => {
  it('restores every session, each pane in its folder, and says what it read from the lines with extra fields', async () => {
    const server = setup();
    const folder = join(server.dir, 'dir\twith tab');
    mkdirSync(folder);
    const path = writeSave(join(server.dir, 'resurrect.txt'), [
      ['pane', 'tab\tsession', '0', '1', ':*', '0', 'tab\ttitle', `:${folder}`, '1', 'bash', ':'].join('\t'),
      paneLine({ session: 'plain', path: server.dir, active: true, windowActive: true, windowFlags: '*' }),
      ['window', 'tab\tsession', '0', ':win\tdow', '1', ':*', '662f,160x48,0,0,10', 'off'].join('\t'),
      windowLine({ session: 'plain', name: 'p', active: true, flags: '*', layout: '662f,160x48,0,0,10', automaticRename: 'off' }),
      stateLine('tab\tsession'),
    ]);
    const { code, stdout, stderr } = await runRestoreCli(server, '--file', path);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `restored 2 sessions, 2 panes from ${path}\n` });
    expect(stderr.split('\n')).toEqual([
      'claude-sessions: session "tab\\tsession" is restored as "tab\\\\tsession" (tmux escapes control characters and stray backslashes in session names)',
      `claude-sessions: ${path}:1: pane line has 14 fields, expected 11: tmux-resurrect writes TABs in names and paths as they are; read as session "tab\\tsession", title "tab\\ttitle", path ${JSON.stringify(folder)}`,
      `claude-sessions: ${path}:3: window line has 10 fields, expected 8: tmux-resurrect writes TABs in names and paths as they are; read as session "tab\\tsession", name "win\\tdow"`,
      `claude-sessions: ${path}:5: state line has 4 fields, expected 3: tmux-resurrect writes TABs in names and paths as they are; read as client session "tab\\tsession" (a guess: 2 readings fit)`,
      '',
    ]);
    // tmux spells a TAB in a session name `\t` (and takes no pane title holding one).
    expect(listed(server, 'list-panes', '#{session_name}|#{window_name}|#{pane_current_path}', '-a')).toEqual([
      `plain|p|${server.dir}`,
      `tab\\tsession|win\tdow|${folder}`,
    ]);
  });
});
