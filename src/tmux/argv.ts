// Turning a list of tmux commands into the argv of one tmux invocation.

// One tmux command as argv words, e.g. ['new-window', '-t', '=web:'].
export type TmuxCommand = readonly string[];

// tmux ends a command at any argument whose last character is ';' and turns a trailing
// '\;' into a literal ';' (cmd_parse_from_arguments), so an argument that ends in ';' gets
// one backslash before its last character to arrive unchanged.
export function protectArgument(argument: string): string {
  return argument.endsWith(';') ? `${argument.slice(0, -1)}\\;` : argument;
}

// The argv (after the server flags) that runs all commands in one tmux process, in order.
// tmux stops at the first command that fails; the rest do not run.
export function batchArgv(commands: readonly TmuxCommand[]): string[] {
  const argv: string[] = [];
  commands.forEach((command, index) => {
    if (command.length === 0) throw new Error('empty tmux command in batch');
    if (index > 0) argv.push(';');
    const [name, ...args] = command;
    argv.push(name as string, ...args.map(protectArgument));
  });
  return argv;
}

// Commands as text that tmux's command parser reads back into the very same commands and
// words, for what if-shell runs: every word single-quoted (inside, nothing is special but the
// quote, written '\'' as in sh), so user data in it is never read as tmux syntax.
export function commandText(commands: readonly TmuxCommand[]): string {
  return commands.map((command) => command.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')).join(' ; ');
}

// tmux expands formats in some arguments (session and window names, -c directories,
// messages); doubling '#' makes user data arrive literally in those places. A run of '#'
// followed by '[' (a style) is copied through unexpanded, so it is left as it is.
export function formatLiteral(text: string): string {
  return text.replace(/#(?!#*\[)/g, '##');
}

// A claude-sessions message in a client's message line, shown as written: display-message
// runs its text through strftime before formats, so '%' is doubled as well as '#' (a name
// like `100%d` would otherwise show today's date).
export function messageCommand(text: string, options: { readonly client?: string | undefined; readonly durationMs?: number } = {}): TmuxCommand {
  const which = options.client === undefined ? [] : ['-c', options.client];
  return ['display-message', ...which, '-d', String(options.durationMs ?? 5000), formatLiteral(`claude-sessions: ${text}`).replaceAll('%', '%%')];
}

// The most argv bytes one tmux invocation carries: the client sends its arguments to the
// server in one message of at most 16 KiB ("command too long" beyond), headers included.
export const MAX_BATCH_BYTES = 15_000;

// Split commands into consecutive batches whose argv fits one tmux invocation each. A
// command too long on its own gets a batch of its own (and tmux's error).
export function splitBatches(commands: readonly TmuxCommand[], maxBytes = MAX_BATCH_BYTES): TmuxCommand[][] {
  const batches: TmuxCommand[][] = [];
  let current: TmuxCommand[] = [];
  let size = 0;
  for (const command of commands) {
    const bytes = command.reduce((sum, word) => sum + Buffer.byteLength(protectArgument(word)) + 1, 2);
    if (current.length > 0 && size + bytes > maxBytes) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(command);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
