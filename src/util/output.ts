// Writing command output straight to fd 1/2: creating process.stdout costs ~2 ms per run,
// a tenth of what a command may add to node's start-up.
import { writeSync } from 'node:fs';

export interface OutputSink {
  out(text: string): void;
  err(text: string): void;
}

// The fds whose reader has gone (`claude-sessions saves | head -1`).
const closed = new Set<number>();

// A closed pipe is not an error: the reader took what it wanted. Further output to that fd is
// dropped, and the command runs to its end and exits with its own status (0 for a listing):
// stopping at the write, as SIGPIPE would (status 141), could leave a change half-made, and a
// shell with pipefail would call a finished command failed. Every command writes through here.
function writeAll(fd: number, text: string): void {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0 && !closed.has(fd)) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') closed.add(fd);
      // EAGAIN: a non-blocking pipe whose reader is behind: try again.
      else if (code !== 'EAGAIN') throw error;
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
