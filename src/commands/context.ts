// Helpers the commands share: JSON output, counted nouns, messages for key bindings, exact session lookup.
import { messageCommand, isSessionId, sessionIdOf, TmuxError, type TmuxClient } from '../tmux/index.ts';
import { UserError } from '../util/errors.ts';
import { writeOut, writeErr } from '../util/output.ts';

// Write JSON the way every --json output looks: two-space indent, trailing newline.
export function printJson(value: unknown): void {
  writeOut(`${JSON.stringify(value, null, 2)}\n`);
}

// "3 panes", "1 session"
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// Tell the user something: in tmux's message line when run from a key (--display),
// otherwise on stderr.
export async function notify(client: TmuxClient, message: string, display: boolean): Promise<void> {
  if (display) {
    await client.run(messageCommand(message));
  } else {
    writeErr(`claude-sessions: ${message}\n`);
  }
}

// The id of the session a user named (or gave as $N): exact name match, never a prefix.
export async function resolveSession(client: TmuxClient, nameOrId: string): Promise<string> {
  if (isSessionId(nameOrId)) return nameOrId;
  let id: string | undefined;
  try {
    id = await sessionIdOf(client, nameOrId);
  } catch (error) {
    if (!(error instanceof TmuxError && error.kind === 'no-server')) throw error;
  }
  if (!id) throw new UserError(`no session named ${JSON.stringify(nameOrId)} on ${client.serverLabel()}`);
  return id;
}
