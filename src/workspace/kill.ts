// Killing a workspace without losing what its panes showed: every pane's contents go to
// the state folder first, in the same tmux call that kills the session.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exactSession, formatLiteral, type TmuxClient, type TmuxCommand } from '../tmux/index.ts';
import { stateDir } from '../util/state-dir.ts';

export interface KillResult {
  readonly session: string;
  /** Folder holding one WINDOW.PANE.txt per pane. */
  readonly savedTo: string;
  readonly panes: number;
}

// Save the session's pane contents (full scrollback) under the state folder, then kill it.
export async function killWorkspace(client: TmuxClient, session: string, now = new Date()): Promise<KillResult> {
  const target = exactSession(session);
  const panes = await client.list({
    command: ['list-panes', '-s', '-t', target],
    fields: { id: '#{pane_id}', window: '#{window_index}', pane: '#{pane_index}' },
  });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const savedTo = join(stateDir(), 'killed', `${session.replace(/[/\u0000]/g, '_')}-${stamp}`);
  mkdirSync(savedTo, { recursive: true, mode: 0o700 });
  const commands: TmuxCommand[] = panes.flatMap((pane) => {
    const buffer = `claude-sessions-kill-${pane.id.slice(1)}`;
    const file = join(savedTo, `${pane.window}.${pane.pane}.txt`);
    return [
      ['capture-pane', '-t', pane.id, '-S', '-', '-E', '-', '-b', buffer],
      ['save-buffer', '-b', buffer, formatLiteral(file)],
      ['delete-buffer', '-b', buffer],
    ];
  });
  await client.batch([...commands, ['kill-session', '-t', target]]);
  return { session, savedTo, panes: panes.length };
}
