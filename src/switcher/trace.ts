// An opt-in timeline of the switcher (keys arriving, frames written, refreshes), for
// bench/popup.mjs to line slow keystrokes up with what the switcher was doing. Off unless
// CLAUDE_SESSIONS_SWITCHER_TRACE names a file; then each event is appended as one line:
// milliseconds since the epoch (fractional, comparable across processes), the event, and
// the CPU milliseconds the process has used (telling its own work from waiting for a core).
import { appendFileSync } from 'node:fs';

// Record one event; a no-op when tracing is off.
export type Trace = (event: string) => void;

const OFF: Trace = () => undefined;

// The trace the environment asks for (none by default).
export function traceFromEnv(env: NodeJS.ProcessEnv = process.env): Trace {
  const file = env['CLAUDE_SESSIONS_SWITCHER_TRACE'];
  if (!file) return OFF;
  return (event) => {
    try {
      const cpu = process.cpuUsage();
      appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(2)} ${event} cpu=${((cpu.user + cpu.system) / 1000).toFixed(2)}\n`);
    } catch {
      // a trace that cannot be written is no reason to stop the switcher
    }
  };
}
