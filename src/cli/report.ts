// Where an error becomes what the user sees and the exit code: the one place that does it.
import { messageCommand, type TmuxClient } from '../tmux/index.ts';
import { DomainError } from '../util/errors.ts';
import { writeErr } from '../util/output.ts';

// Print an error on stderr and give the exit code: an explained (domain) error as its message,
// anything else as unexpected (with the stack when CLAUDE_SESSIONS_DEBUG is set).
export function reportError(error: unknown): number {
  if (error instanceof DomainError) {
    writeErr(`claude-sessions: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (process.env['CLAUDE_SESSIONS_DEBUG'] ? error.stack : error.message) : String(error);
  writeErr(`claude-sessions: unexpected error: ${message}\n`);
  return 1;
}

// A --display run's explained error, shown where a key binding's user looks: its first line
// in the tmux message line, with exit status 0 (the user has been told). When even that
// message cannot be shown, the error is reported as usual, on stderr with its exit code.
export async function displayError(client: TmuxClient, error: DomainError): Promise<number> {
  try {
    await client.run(messageCommand(error.message.split('\n')[0] ?? error.message));
  } catch {
    return reportError(error);
  }
  return 0;
}
