// Programs other than tmux run through one runner: a missing program, a failing one, one that
// hangs or floods its output are each reported the same way, waiting or not; doctor's probe
// words them as it always has.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeProgram } from '../../src/programs/probe.ts';
import { runProgram, runProgramAsync, type ProgramRun, type RunOptions } from '../../src/programs/run.ts';

let dir: string;
const program = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cs-run-'));
  const scripts: Record<string, string> = {
    failer: 'echo out; echo oops >&2; exit 3',
    // exec: the timeout's SIGTERM reaches sleep itself, so nothing is left running.
    sleeper: 'exec sleep 30',
    killer: 'kill -9 $$',
    // Never ends on its own: only the runner's limit can stop it.
    flooder: 'exec cat /dev/zero',
    version: 'echo "tool 1.2.3"; echo second line',
  };
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(program(name), `#!/bin/sh\n${body}\n`);
    chmodSync(program(name), 0o755);
  }
  writeFileSync(program('not-executable'), '#!/bin/sh\necho hi\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Runner = (name: string, args: readonly string[], options?: RunOptions) => ProgramRun | Promise<ProgramRun>;
const runners: [string, Runner][] = [
  ['waiting', runProgram],
  ['not blocking', runProgramAsync],
];

describe.each(runners)('running a program (%s)', (_, run) => {
  it('gives its exit status, output and stderr', async () => {
    const result = await run(program('failer'), []);
    expect(result).toMatchObject({ status: 3, signal: null, stdout: 'out\n', stderr: 'oops\n', failure: undefined, error: undefined });
  });

  it('says a program that is not on PATH was not found', async () => {
    const result = await run('claude-sessions-no-such-program', ['--version']);
    expect(result).toMatchObject({ status: null, failure: 'not-found', stdout: '', stderr: '' });
    expect(result.error?.code).toBe('ENOENT');
  });

  it('says a program that cannot be executed was not started', async () => {
    const result = await run(program('not-executable'), []);
    expect(result).toMatchObject({ status: null, failure: 'not-started' });
    expect(result.error?.code).toBe('EACCES');
  });

  it('stops a program that outlives its timeout', async () => {
    const result = await run(program('sleeper'), [], { timeoutMs: 200 });
    expect(result).toMatchObject({ status: null, signal: 'SIGTERM', failure: 'timed-out' });
  });

  it('stops a program whose output passes the limit', async () => {
    const result = await run(program('flooder'), [], { outputLimit: 1000 });
    expect(result).toMatchObject({ status: null, failure: 'too-much-output' });
    expect(result.error?.code).toBe('ENOBUFS');
  });

  it('says which signal ended a program', async () => {
    const result = await run(program('killer'), []);
    expect(result).toMatchObject({ status: null, signal: 'SIGKILL', failure: undefined });
  });

  it('runs in the folder asked for, with the environment given', async () => {
    const result = await run('/bin/sh', ['-c', 'pwd; echo "$CS_RUN_TEST"'], { cwd: dir, env: { ...process.env, CS_RUN_TEST: 'given' } });
    expect(result.stdout).toBe(`${dir}\ngiven\n`);
  });
});

describe('doctor probing a program', () => {
  it('shows the first line of its --version', async () => {
    expect(await probeProgram(program('version'))).toEqual({ program: program('version'), found: true, version: 'tool 1.2.3', error: undefined });
  });

  it('says a program missing from PATH is not on PATH', async () => {
    expect(await probeProgram('claude-sessions-no-such-program')).toEqual({
      program: 'claude-sessions-no-such-program',
      found: false,
      version: undefined,
      error: 'claude-sessions-no-such-program is not on PATH',
    });
  });

  it('names the exit code of a program that fails', async () => {
    expect((await probeProgram(program('failer'))).error).toBe(`Command failed with exit code 3: ${program('failer')} --version`);
  });

  it('names the timeout of a program that hangs', async () => {
    expect((await probeProgram(program('sleeper'), 200)).error).toBe(`Command timed out after 200 milliseconds: ${program('sleeper')} --version`);
  });

  it('names the signal that killed a program', async () => {
    expect((await probeProgram(program('killer'))).error).toBe(`Command was killed with SIGKILL (Forced termination): ${program('killer')} --version`);
  });

  it('names the error of a program that cannot start', async () => {
    const probe = await probeProgram(program('not-executable'));
    expect(probe).toMatchObject({ found: true, version: undefined });
    expect(probe.error).toBe(`Command failed with EACCES: ${program('not-executable')} --version\nspawn ${program('not-executable')} EACCES`);
  });
});
