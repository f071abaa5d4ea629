// What a save keeps beyond tmux-resurrect's lines, for its sidecar: each workspace
// session's folder, template and environment, and each pane's role and launch command.
// The agents capability adds Claude conversation ids to PaneExtras.
import { randomBytes } from 'node:crypto';
import type { TmuxClient } from '../tmux/index.ts';

// A session's own settings that a restore gives back.
export interface SessionExtras {
  readonly name: string;
  /** @claude-sessions-project-dir, for workspace sessions. */
  readonly projectDir?: string;
  /** @claude-sessions-template, for workspace sessions. */
  readonly template?: string;
  /** The session's own environment (show-environment -t), for workspace sessions. */
  readonly environment?: Readonly<Record<string, string>>;
}

// A pane's settings beyond its resurrect line, addressed as in that line.
export interface PaneExtras {
  readonly session: string;
  readonly window: number;
  readonly pane: number;
  /** @claude-sessions-role (claude, editor, git, ...). */
  readonly role?: string;
  /** #{pane_start_command}: what the pane was started with, when not a plain shell. */
  readonly startCommand?: string;
}

// Everything a save keeps in its sidecar besides exact records.
export interface ServerExtras {
  readonly sessions: readonly SessionExtras[];
  readonly panes: readonly PaneExtras[];
}

export const NO_EXTRAS: ServerExtras = { sessions: [], panes: [] };

// The environment of each session (by id), read in one tmux call; variables tmux marks
// as removed (`-NAME`) are left out.
export async function readSessionEnvironments(client: TmuxClient, sessionIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  if (sessionIds.length === 0) return found;
  const tag = `claude-sessions-env-${randomBytes(6).toString('hex')} `;
  const output = await client.batch(sessionIds.flatMap((id) => [['display-message', '-p', `${tag}${id}`], ['show-environment', '-t', id]]));
  let current: Record<string, string> | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith(tag)) {
      current = {};
      found.set(line.slice(tag.length), current);
      continue;
    }
    const equals = line.indexOf('=');
    if (current !== undefined && equals > 0 && !line.startsWith('-')) current[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return found;
}
