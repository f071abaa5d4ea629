// tmux failures turned into errors that say what went wrong and what to do about it.
import { DomainError } from '../util/errors.ts';

export type TmuxErrorKind =
  | 'not-installed' // no tmux binary on PATH
  | 'no-server' // nothing listens on the socket
  | 'not-found' // a session, window or pane target does not exist
  | 'usage' // tmux rejected the command itself (too old a tmux, or a bug here)
  | 'failed'; // anything else tmux reported

export class TmuxError extends DomainError {
  constructor(
    readonly kind: TmuxErrorKind,
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'TmuxError';
  }
}

const NO_SERVER = [/^no server running on (.+)$/m, /^error connecting to (.+?) \(.+\)$/m];
const NOT_FOUND = /^can't find (session|window|pane|client)(?::\s*(.*))?$/m;
const USAGE = /^(unknown command|unknown option|invalid option|unknown flag|command \S+: too many arguments|usage:)/m;

// Classify tmux's stderr (and exit status) into a TmuxError with a readable message.
export function tmuxErrorFrom(stderr: string, command: readonly string[], socketLabel: string): TmuxError {
  const text = stderr.trim();
  const what = command[0] ?? 'tmux';
  for (const pattern of NO_SERVER) {
    const match = pattern.exec(text);
    if (match) {
      return new TmuxError('no-server', `no tmux server is running on ${match[1] ?? socketLabel}`, text);
    }
  }
  const notFound = NOT_FOUND.exec(text);
  if (notFound) {
    const thing = notFound[1] ?? 'target';
    const name = notFound[2] ? `: ${notFound[2]}` : '';
    return new TmuxError('not-found', `tmux ${what}: no such ${thing}${name}`, text);
  }
  if (USAGE.test(text)) {
    return new TmuxError('usage', `tmux ${what} was rejected: ${text} (is this tmux too old?)`, text);
  }
  return new TmuxError('failed', `tmux ${what} failed: ${text || 'no message'}`, text);
}

// The error for a tmux binary that cannot be run at all.
export function tmuxMissingError(binary: string): TmuxError {
  return new TmuxError(
    'not-installed',
    `cannot run ${binary}: tmux is not installed or not on PATH (claude-sessions needs tmux >= 3.2)`,
  );
}

// A command of a batch that tmux refused: which one, and what the commands before it printed
// (they ran; the ones after it did not).
export class TmuxBatchError extends TmuxError {
  constructor(
    cause: TmuxError,
    readonly failedIndex: number,
    readonly failedCommand: readonly string[],
    readonly output: string,
  ) {
    super(cause.kind, cause.message, cause.stderr);
    this.name = 'TmuxBatchError';
  }
}
