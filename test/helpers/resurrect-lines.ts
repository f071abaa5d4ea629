// Hand-written tmux-resurrect save lines, in the shape tmux-resurrect writes them, for
// restore tests that need a particular server; and running `restore` through the CLI.
import { writeFileSync } from 'node:fs';
import { runCliCaptured, type CliResult } from './cli.ts';
import type { RestoreServer } from './restore-server.ts';

export interface PaneLine {
  readonly session: string;
  readonly window?: number;
  readonly pane?: number;
  readonly path: string;
  readonly active?: boolean;
  readonly windowActive?: boolean;
  readonly windowFlags?: string;
  readonly title?: string;
  readonly command?: string;
  readonly fullCommand?: string;
}

// A `pane` line: session, window_index, window_active, :window_flags, pane_index, title, :path, active, command, :full_command.
export function paneLine(pane: PaneLine): string {
  const bit = (value: boolean | undefined) => (value ? '1' : '0');
  const path = pane.path.replace(' ', '\\ ');
  return ['pane', pane.session, pane.window ?? 0, bit(pane.windowActive), `:${pane.windowFlags ?? ''}`, pane.pane ?? 0, pane.title ?? 'vm', `:${path}`, bit(pane.active), pane.command ?? 'bash', `:${pane.fullCommand ?? ''}`].join('\t');
}

export interface WindowLine {
  readonly session: string;
  readonly index?: number;
  readonly name: string;
  readonly active?: boolean;
  readonly flags?: string;
  readonly layout: string;
  /** `on`, `off`, or unset (`:`). */
  readonly automaticRename?: 'on' | 'off';
}

// A `window` line: session, index, :name, active, :flags, layout, automatic_rename.
export function windowLine(window: WindowLine): string {
  return ['window', window.session, window.index ?? 0, `:${window.name}`, window.active ? '1' : '0', `:${window.flags ?? ''}`, window.layout, window.automaticRename ?? ':'].join('\t');
}

// A `grouped_session` line.
export function groupedLine(session: string, original: string, alternate?: number, active?: number): string {
  return ['grouped_session', session, original, `:${alternate ?? ''}`, `:${active ?? ''}`].join('\t');
}

// The `state` line: the client's session and its last session ('' when no client).
export function stateLine(session = '', last = ''): string {
  return ['state', session, last].join('\t');
}

// Layouts of a WIDTHxHEIGHT window: one pane, or `count` panes side by side (checksums are fixed on restore).
export function layoutOf(width: number, height: number, count = 1): string {
  if (count === 1) return `0000,${width}x${height},0,0,1`;
  const each = Math.floor((width - (count - 1)) / count);
  const cells = Array.from({ length: count }, (_, at) => {
    const cellWidth = at === count - 1 ? width - (count - 1) * (each + 1) : each;
    return `${cellWidth}x${height},${at * (each + 1)},0,${at + 1}`;
  });
  return `0000,${width}x${height},0,0{${cells.join(',')}}`;
}

// A session tmux cannot build: its windows are 5x1 (the size of its first), and its second
// window holds more panes than fit in that, however they are arranged ("no space for new pane").
export function crowdedSessionLines(session: string, path: string): string[] {
  return [
    paneLine({ session, window: 0, pane: 0, path, active: true, windowActive: true, windowFlags: '*' }),
    ...Array.from({ length: 12 }, (_, pane) => paneLine({ session, window: 1, pane, path, active: pane === 0 })),
    windowLine({ session, index: 0, name: 'w', active: true, flags: '*', layout: '0000,5x1,0,0,1' }),
    windowLine({ session, index: 1, name: 'w', layout: '0000,5x1,0,0{1x1,0,0,1,1x1,2,0,2,1x1,4,0,3}' }),
  ];
}

// A one-window session of `count` side-by-side panes in `path`, the first pane active.
export function sessionLines(session: string, path: string, count = 1, name = 'bash'): string[] {
  const panes = Array.from({ length: count }, (_, pane) => paneLine({ session, pane, path, active: pane === 0, windowActive: true, windowFlags: '*' }));
  return [...panes, windowLine({ session, name, active: true, flags: '*', layout: layoutOf(160, 48, count) })];
}

// Write lines (each ended by a newline) as a save file.
export function writeSave(path: string, lines: readonly string[]): string {
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  return path;
}

// `claude-sessions -S SOCKET restore ARGS...` run in-process against the server's tmux wrapper.
export async function runRestoreCli(server: RestoreServer, ...args: string[]): Promise<CliResult> {
  const saved = process.env['CLAUDE_SESSIONS_TMUX'];
  process.env['CLAUDE_SESSIONS_TMUX'] = server.binary;
  try {
    return await runCliCaptured(['-S', server.socket, 'restore', ...args]);
  } finally {
    if (saved === undefined) delete process.env['CLAUDE_SESSIONS_TMUX'];
    else process.env['CLAUDE_SESSIONS_TMUX'] = saved;
  }
}
