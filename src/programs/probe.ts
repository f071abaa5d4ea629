// Probing the other programs claude-sessions relies on (git, claude), for doctor.
import { runProgramAsync, type ProgramRun } from './run.ts';

// Output a --version may print (execa's limit, doctor's runner before this one).
const VERSION_OUTPUT_LIMIT = 100_000_000;

// What doctor learns of one program.
export interface ProgramProbe {
  readonly program: string;
  readonly found: boolean;
  /** First line of `PROGRAM --version`, when it ran. */
  readonly version: string | undefined;
  readonly error: string | undefined;
}

// Run `program --version` with a timeout; never throws. Probes run side by side with
// doctor's tmux queries, so this one does not block.
export async function probeProgram(program: string, timeoutMs = 5000): Promise<ProgramProbe> {
  const run = await runProgramAsync(program, ['--version'], { timeoutMs, outputLimit: VERSION_OUTPUT_LIMIT });
  if (run.failure !== undefined || run.status !== 0) {
    const missing = run.failure === 'not-found';
    return {
      program,
      found: !missing,
      version: undefined,
      error: missing ? `${program} is not on PATH` : whatFailed(run, timeoutMs),
    };
  }
  return { program, found: true, version: run.stdout.split('\n')[0]?.trim(), error: undefined };
}

// How a failed probe reads in doctor (the wording doctor has always shown).
function whatFailed(run: ProgramRun, timeoutMs: number): string {
  const command = [run.program, ...run.args].join(' ');
  if (run.failure === 'timed-out') return `Command timed out after ${timeoutMs} milliseconds: ${command}`;
  if (run.failure === 'too-much-output') return `Command's output was larger than ${VERSION_OUTPUT_LIMIT} bytes: ${command}`;
  if (run.error !== undefined) return `Command failed with ${run.error.code ?? 'an error'}: ${command}\n${run.error.message}`;
  if (run.signal !== null) return `Command was killed with ${run.signal}${SIGNAL_MEANINGS[run.signal] ? ` (${SIGNAL_MEANINGS[run.signal]})` : ''}: ${command}`;
  return `Command failed with exit code ${run.status}: ${command}`;
}

// What the signals that end a program usually mean (as execa, doctor's former runner, said).
const SIGNAL_MEANINGS: Partial<Record<NodeJS.Signals, string>> = {
  SIGHUP: 'Terminal closed',
  SIGINT: 'User interruption with CTRL-C',
  SIGQUIT: 'User interruption with CTRL-\\',
  SIGILL: 'Invalid machine instruction',
  SIGABRT: 'Aborted',
  SIGBUS: 'Bus error due to misaligned, non-existing address or paging error',
  SIGFPE: 'Floating point arithmetic error',
  SIGKILL: 'Forced termination',
  SIGSEGV: 'Segmentation fault',
  SIGPIPE: 'Broken pipe or socket',
  SIGTERM: 'Termination',
};
