// What every command gets: the tmux client for the chosen server, and output helpers.
import type { Command } from 'commander';
import { formatLiteral, isSessionId, sessionIdOf, TmuxClient, TmuxError } from '../tmux/index.ts';

export interface GlobalFlags {
  readonly L?: string;
  readonly S?: string;
}

// An error the user caused (bad argument, missing thing): printed without a stack.
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

let exitCode = 0;

// Set the exit code of a command that printed its output but found something wrong.
export function setExitCode(code: number): void {
  exitCode = code;
}

// The exit code set by the last command, cleared for the next run.
export function takeExitCode(): number {
  const code = exitCode;
  exitCode = 0;
  return code;
}

// The tmux client for -L/-S (tmux's own default when neither is given).
export function clientFor(command: Command): TmuxClient {
  const flags = command.optsWithGlobals<GlobalFlags>();
  if (flags.L !== undefined && flags.S !== undefined) throw new UserError('give -L or -S, not both', 2);
  return new TmuxClient({ server: { socketName: flags.L, socketPath: flags.S } });
}

// Write JSON the way every --json output looks: two-space indent, trailing newline.
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// Tell the user something: in tmux's message line when run from a key (--display),
// otherwise on stderr.
export async function notify(client: TmuxClient, message: string, display: boolean): Promise<void> {
  if (display) {
    await client.run(['display-message', '-d', '5000', formatLiteral(`claude-sessions: ${message}`)]);
  } else {
    process.stderr.write(`claude-sessions: ${message}\n`);
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
