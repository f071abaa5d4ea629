// Running ssh for `claude-sessions remote`: terminal inherited (an attach needs it), or
// stdout captured for --list; ssh's own exit status becomes ours.
import { constants } from 'node:os';
import { UserError } from '../util/errors.ts';
import { runProgram } from '../programs/run.ts';

// The outcome of one ssh run.
export interface SshResult {
  readonly status: number;
  /** Captured stdout (only when capture was asked for). */
  readonly stdout: string;
}

// Run ssh with args; stdin/stderr always inherited, stdout inherited unless capture.
export function runSsh(args: readonly string[], capture: boolean): SshResult {
  const result = runProgram('ssh', args, { stdin: 'inherit', stdout: capture ? 'pipe' : 'inherit', stderr: 'inherit' });
  if (result.failure === 'not-found') throw new UserError('remote: ssh not found on PATH');
  if (result.error) throw new UserError(`remote: could not run ssh: ${result.error.message}`);
  // Killed by a signal: 128 + its number, as a shell reports it.
  const signal = result.signal ? (constants.signals[result.signal] ?? 127) + 128 : 255;
  return { status: result.status ?? signal, stdout: result.stdout };
}
