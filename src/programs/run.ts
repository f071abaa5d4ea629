// Running programs other than tmux (git, ps, ssh, claude, id, getent, sh): argv arrays, never
// a shell string, and every outcome reported alike (not on PATH, could not start, timed out,
// too much output, exit status, stderr), so each caller only says what it means.
// node:child_process only: the hot commands must not pay for a process library.
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';

// Output kept by default, per stream (Node's own spawnSync default); beyond it the run fails.
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

// Output kept from a program that lists a whole table (ps of every process, git's lists).
export const LISTING_OUTPUT_LIMIT = 64 * 1024 * 1024;

// How to run a program; every field optional.
export interface RunOptions {
  readonly cwd?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Stopped with SIGTERM after this long, and then failed as 'timed-out'. */
  readonly timeoutMs?: number | undefined;
  /** Largest stdout (and stderr) kept, in bytes; more stops the program ('too-much-output'). */
  readonly outputLimit?: number | undefined;
  /** Default 'ignore': no program waits on input it cannot get. */
  readonly stdin?: 'ignore' | 'inherit' | undefined;
  /** Default 'pipe' (captured into the result). */
  readonly stdout?: 'pipe' | 'inherit' | 'ignore' | undefined;
  /** Default 'pipe' (captured into the result). */
  readonly stderr?: 'pipe' | 'inherit' | 'ignore' | undefined;
}

// Why a program did not run to an exit of its own.
export type RunFailure = 'not-found' | 'not-started' | 'timed-out' | 'too-much-output';

// One run of a program, whatever became of it.
export interface ProgramRun {
  readonly program: string;
  readonly args: readonly string[];
  /** Exit status; null when it did not exit on its own (not started, killed, stopped). */
  readonly status: number | null;
  /** The signal that ended it, if one did. */
  readonly signal: NodeJS.Signals | null;
  /** Captured output ('' for a stream not piped). */
  readonly stdout: string;
  readonly stderr: string;
  /** Set when it did not run to an exit of its own; error says what Node reported. */
  readonly failure: RunFailure | undefined;
  readonly error: NodeJS.ErrnoException | undefined;
}

// Run a program to its end, waiting for it.
export function runProgram(program: string, args: readonly string[], options: RunOptions = {}): ProgramRun {
  const result = spawnSync(program, [...args], {
    cwd: options.cwd,
    env: options.env,
    timeout: options.timeoutMs,
    maxBuffer: options.outputLimit ?? DEFAULT_OUTPUT_LIMIT,
    stdio: stdioOf(options),
    encoding: 'utf8',
  });
  const error = result.error as NodeJS.ErrnoException | undefined;
  return {
    program,
    args,
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    failure: failureOf(error),
    error,
  };
}

// Run a program without blocking (for runs that overlap others), resolving when it has ended.
export function runProgramAsync(program: string, args: readonly string[], options: RunOptions = {}): Promise<ProgramRun> {
  const limit = options.outputLimit ?? DEFAULT_OUTPUT_LIMIT;
  return new Promise((resolvePromise) => {
    const child = spawn(program, [...args], { cwd: options.cwd, env: options.env, stdio: stdioOf(options) });
    const output = { stdout: '', stderr: '' };
    let failure: RunFailure | undefined;
    let error: NodeJS.ErrnoException | undefined;
    const stop = (why: RunFailure, code: string): void => {
      if (failure !== undefined) return;
      failure = why;
      error = Object.assign(new Error(`spawn ${program} ${code}`), { code, syscall: `spawn ${program}`, path: program });
      child.kill('SIGTERM');
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (chunk: string) => {
        if (Buffer.byteLength(output[stream]) + Buffer.byteLength(chunk) > limit) stop('too-much-output', 'ENOBUFS');
        else output[stream] += chunk;
      });
    }
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timed-out', 'ETIMEDOUT'), options.timeoutMs);
    let ended = false;
    const finish = (status: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      if (timer !== undefined) clearTimeout(timer);
      // Stopped, it has no exit status of its own, even when it exited before the signal landed (as spawnSync reports it).
      resolvePromise({ program, args, status: failure === undefined ? status : null, signal, stdout: output.stdout, stderr: output.stderr, failure, error });
    };
    child.on('error', (spawnError: NodeJS.ErrnoException) => {
      failure ??= failureOf(spawnError);
      error ??= spawnError;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

function stdioOf(options: RunOptions): StdioOptions {
  return [options.stdin ?? 'ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'];
}

function failureOf(error: NodeJS.ErrnoException | undefined): RunFailure | undefined {
  if (error === undefined) return undefined;
  if (error.code === 'ENOENT') return 'not-found';
  if (error.code === 'ETIMEDOUT') return 'timed-out';
  if (error.code === 'ENOBUFS') return 'too-much-output';
  return 'not-started';
}
