// The exit code of the command line.

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
