// What an import would do, shown before anything is made: the command typed into each
// pane (or Claude resumed) and the environment the session gets.

// One pane of the session to be made.
export interface PanePreview {
  /** "WINDOW.PANE" as in the bundle. */
  readonly pane: string;
  readonly folder: string;
  /** What is typed into its shell; '' for a bare shell. */
  readonly command: string;
}

// The whole import, before it is made.
export interface ImportPreview {
  readonly session: string;
  readonly root: string;
  readonly panes: readonly PanePreview[];
  /** Variables set on the session, in the order applied. */
  readonly environment: readonly (readonly [string, string])[];
  /** --no-commands: nothing is typed, Claude is not started. */
  readonly layoutOnly: boolean;
}

// True when the import would run something or set a variable: what the user must agree to.
export function needsConsent(preview: ImportPreview): boolean {
  return preview.environment.length > 0 || (!preview.layoutOnly && preview.panes.some((pane) => pane.command !== ''));
}

// The preview as lines for the terminal, every value with its control characters shown
// as escapes (a bundle cannot hide a command behind a carriage return or a colour code).
export function formatPreview(preview: ImportPreview): string {
  const lines = [`import would make session ${visible(preview.session)} under ${visible(preview.root)}`];
  if (preview.layoutOnly) lines.push('  panes (--no-commands: nothing is typed, Claude is not started):');
  else lines.push('  panes, and what is typed into each:');
  const width = Math.max(...preview.panes.map((pane) => visible(pane.folder).length));
  for (const pane of preview.panes) {
    const typed = preview.layoutOnly || pane.command === '' ? '(shell only)' : visible(pane.command);
    lines.push(`    ${pane.pane.padEnd(6)} ${visible(pane.folder).padEnd(width)}  ${typed}`);
  }
  if (preview.environment.length === 0) lines.push('  environment: none set');
  else {
    lines.push('  environment set on the session:');
    for (const [name, value] of preview.environment) lines.push(`    ${visible(name)}=${visible(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

// Text with C0/C1 control characters and DEL written as \xNN (a backslash as \\ when any is).
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/g;
  if (!control.test(text)) return text;
  return text.replaceAll('\\', '\\\\').replace(control, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
