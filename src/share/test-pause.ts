// A test hook, inert unless CLAUDE_SESSIONS_TEST_PAUSE is set: "share:N" (or "unshare:N")
// stops that command just before its Nth step, after printing "paused before STEP" to stderr,
// so a test can SIGKILL it exactly between two steps (or SIGCONT it). test/share/ uses it.
import { writeSync } from 'node:fs';

let counted = 0;

// Mark the point before STEP of COMMAND.
export function pausePoint(command: string, step: string): void {
  const wanted = process.env['CLAUDE_SESSIONS_TEST_PAUSE'];
  if (!wanted || !wanted.startsWith(`${command}:`)) return;
  counted += 1;
  if (counted !== Number(wanted.slice(command.length + 1))) return;
  writeSync(2, `claude-sessions: paused before ${step}\n`);
  process.kill(process.pid, 'SIGSTOP');
}
