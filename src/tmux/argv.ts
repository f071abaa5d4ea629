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

// tmux expands formats in some arguments (session and window names, -c directories,
// messages); doubling '#' makes user data arrive literally in those places.
export function formatLiteral(text: string): string {
  return text.replaceAll('#', '##');
}
