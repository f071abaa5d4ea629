// Errors and exit codes of the command line.

// An error the user caused (bad argument, missing thing): printed without a stack.
// Exit code 2 means bad usage, 1 that the command could not do its job.
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
