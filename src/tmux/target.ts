// Targets that name exactly one session, never a prefix or pattern match.
import type { TmuxClient } from './client.ts';

// `=name:` matches the whole session name only, and (with the colon) works wherever tmux
// wants a session, window or pane target; a bare `=name` is read as a window name by
// pane-target commands like set-option. Names starting with '$' are read as ids by
// tmux: target those through sessionIdOf instead.
export function exactSession(name: string): string {
  return `=${name}:`;
}

// A window of a session target (a `$id` or an exactSession string), by index.
export function windowOf(sessionTarget: string, index: number | string): string {
  return sessionTarget.endsWith(':') ? `${sessionTarget}${index}` : `${sessionTarget}:${index}`;
}

// True for a session id such as `$3`.
export function isSessionId(text: string): boolean {
  return /^\$\d+$/.test(text);
}

// The id ($N) of the session with exactly this name, compared here rather than by tmux's
// target matching; undefined when there is none (or no server).
export async function sessionIdOf(client: TmuxClient, name: string): Promise<string | undefined> {
  const sessions = await client.list({ command: ['list-sessions'], fields: { id: '#{session_id}', name: '#{session_name}' } });
  return sessions.find((session) => session.name === name)?.id;
}
