// Which foreground commands mean "a shell waiting at its prompt".
const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ash', 'ksh', 'mksh', 'oksh', 'tcsh', 'csh', 'nu', 'elvish', 'xonsh', 'yash']);

// True when a pane's current command is an interactive shell (login shells show as "-zsh").
export function isShellCommand(command: string): boolean {
  return SHELLS.has(command.replace(/^-/, ''));
}
