// Writing command output straight to fd 1/2: creating process.stdout costs ~2 ms per run,
// a tenth of what a command may add to node's start-up.
import { writeSync } from 'node:fs';

export interface OutputSink {
  out(text: string): void;
  err(text: string): void;
}

function writeAll(fd: number, text: string): void {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      // A non-blocking pipe whose reader is behind: try again.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const FD_SINK: OutputSink = { out: (text) => writeAll(1, text), err: (text) => writeAll(2, text) };
let sink: OutputSink = FD_SINK;

// Print to standard output.
export function writeOut(text: string): void {
  sink.out(text);
}

// Print to standard error.
export function writeErr(text: string): void {
  sink.err(text);
}

// Send output elsewhere (tests capture it); no argument restores fds 1 and 2.
export function redirectOutput(replacement: OutputSink = FD_SINK): void {
  sink = replacement;
}
