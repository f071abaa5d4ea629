// The terminal the switcher draws on: raw keys in, lines out, only the cells that changed
// since the last frame (cells.ts). The tty is stdin/stdout when they are one, else /dev/tty
// (pick --print has its stdout in a pipe, like fzf).
import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { cellsOf, lineUpdate, type Cells } from './cells.ts';

const CSI = '\u001b[';
// Alternate screen, cursor hidden, no autowrap (a line exactly as wide as the screen must
// not wrap). tmux ignores a second switch to the alternate screen, so the shell's first
// frame stays up until this one overwrites it, line by line, with no clear in between.
const ENTER = `${CSI}?1049h${CSI}?25l${CSI}?7l`;
const LEAVE = `${CSI}0m${CSI}?7h${CSI}?25h${CSI}?1049l`;

export interface Terminal {
  readonly width: number;
  readonly height: number;
  // Draw a frame (exactly height lines, each exactly width columns).
  draw(lines: readonly string[]): void;
  // Forget what is on screen, so the next draw writes every line (after a resize).
  invalidate(): void;
  onKeys(listener: (chunk: string) => void): void;
  // Called once when the terminal goes away (hang-up, end of input, a read error).
  onGone(listener: () => void): void;
  onResize(listener: () => void): void;
  // Leave the screen as it was; safe to call twice.
  close(): void;
}

// Take over the terminal; throws when there is none.
export function openTerminal(): Terminal {
  let input: ReadStream;
  let output: WriteStream;
  if (process.stdin.isTTY && process.stdout.isTTY) {
    input = process.stdin as ReadStream;
    output = process.stdout as WriteStream;
  } else {
    let fd: number;
    try {
      fd = openSync('/dev/tty', 'r+');
    } catch {
      throw new Error('no terminal to draw on (stdin and stdout are not one, and /dev/tty cannot be opened)');
    }
    input = new ReadStream(fd);
    output = new WriteStream(fd);
  }
  let shown: string[] = [];
  let shownCells: (Cells | undefined)[] = [];
  let closed = false;
  input.setRawMode(true);
  input.setEncoding('utf8');
  output.write(ENTER);
  const terminal: Terminal = {
    get width() {
      return Math.max(1, output.columns || 80);
    },
    get height() {
      return Math.max(1, output.rows || 24);
    },
    draw(lines) {
      let out = '';
      lines.forEach((line, index) => {
        if (shown[index] === line) return;
        const cells = cellsOf(line);
        out += lineUpdate(index + 1, shownCells[index], cells, line);
        shownCells[index] = cells;
      });
      for (let index = lines.length; index < shown.length; index++) out += `${CSI}${index + 1};1H${CSI}2K`;
      shown = [...lines];
      shownCells.length = lines.length;
      if (out !== '') output.write(out);
    },
    invalidate() {
      shown = [];
      shownCells = [];
      output.write(`${CSI}0m${CSI}2J`);
    },
    onKeys(listener) {
      input.on('data', (chunk: string) => listener(chunk));
      input.resume();
    },
    onGone(listener) {
      let called = false;
      const once = () => {
        if (!called) (called = true), listener();
      };
      input.on('end', once);
      input.on('error', once);
      output.on('error', once);
      process.once('SIGHUP', once);
      process.once('SIGTERM', once);
    },
    onResize(listener) {
      output.on('resize', listener);
    },
    close() {
      if (closed) return;
      closed = true;
      output.write(LEAVE);
      input.setRawMode(false);
      input.pause();
      if (input !== process.stdin) input.destroy();
    },
  };
  return terminal;
}
