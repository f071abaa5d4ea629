// The errors that explain themselves: every capability throws these, and the command line
// alone turns them into a message and an exit code (src/cli/report.ts).

// The base of every error whose message is the whole story (a missing session, a bad file,
// tmux refusing): printed without a stack. exitCode 2 means bad usage, 1 that the job
// could not be done.
export class DomainError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

// Something the user asked for that cannot be done as asked: a bad argument, a missing thing.
export class UserError extends DomainError {
  constructor(message: string, exitCode = 1) {
    super(message, exitCode);
    this.name = 'UserError';
  }
}
