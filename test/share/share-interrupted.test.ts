// Sharing is revocable whatever happened: share killed (SIGKILL) between any two of its steps,
// unshare killed midway, both run at once, each run twice. After unshare, tmux's access list
// is empty again (the owner is never listed) and the socket and its folder have the group and
// mode they had. The CLI runs as its own process (dist/, `npm run build` first) so that it can
// be killed; CLAUDE_SESSIONS_TEST_PAUSE (src/share/test-pause.ts) stops it before a chosen step.
// Real users, real tmux: root only (useradd, groupadd), Linux only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseTmuxVersion } from '../../src/tmux/index.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { REPO_ROOT, startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';

const canRun = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/sbin/useradd');
const CLI = join(REPO_ROOT, 'dist', 'claude-sessions.cjs');
const tag = `ck${process.pid}`;
const GROUP = `${tag}g`;
const A = `${tag}a`; // in GROUP: what is shared
const B = `${tag}b`; // in GROUP too, never shared through claude-sessions
// share's steps with the socket's folder closed to the user: record, server-access -a,
// -r/-w, chgrp and chmod of the socket, then of its folder, record finished.
const SHARE_STEPS = 8;
const ROUNDS = 50;

function sh(command: string, ...args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

interface Run {
  readonly child: ChildProcess;
  /** The step it stopped before (CLAUDE_SESSIONS_TEST_PAUSE), or undefined once it exited. */
  readonly paused: Promise<string | undefined>;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

describe.runIf(canRun)('share and unshare killed or raced: unshare always takes everything back', () => {
  let server: TestServer;
  const started: ChildProcess[] = [];
  const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);
  const state = () => {
    const socket = statSync(server.socket);
    const dir = statSync(dirname(server.socket));
    return {
      access: server.tmux('server-access', '-l').trim(),
      socket: { gid: socket.gid, mode: socket.mode & 0o777 },
      dir: { gid: dir.gid, mode: dir.mode & 0o777 },
    };
  };
  let clean: ReturnType<typeof state>;
  const recorded = async () => JSON.parse((await cli('shares', '--json')).stdout).shares as { user: string; finished: boolean }[];

  // Run the CLI as a process of its own, stopped before step N of COMMAND when pause is given.
  function run(args: string[], pause?: string): Run {
    const child = spawn(process.execPath, [CLI, '-S', server.socket, ...args], {
      env: testEnv(pause ? { CLAUDE_SESSIONS_TEST_PAUSE: pause } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    const paused = new Promise<string | undefined>((done) => {
      child.stderr?.on('data', (chunk) => {
        stderr += chunk;
        const step = /paused before (.*)\n/.exec(stderr)?.[1];
        if (step !== undefined) done(step);
      });
      void exited.then(() => done(undefined));
    });
    return { child, paused, exited };
  }

  async function kill(target: Run): Promise<void> {
    target.child.kill('SIGKILL');
    await target.exited;
  }

  // Unshare A when anything is recorded for A, then check that everything is as before sharing.
  async function unshareAndCheck(): Promise<void> {
    if ((await recorded()).some((share) => share.user === A)) {
      const result = await cli('unshare', '--user', A);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(state()).toEqual(clean);
    expect(await recorded()).toEqual([]);
  }

  beforeAll(() => {
    expect(existsSync(CLI), 'npm run build first').toBe(true);
    sh('groupadd', GROUP);
    sh('useradd', '-M', '-N', '-G', GROUP, A);
    sh('useradd', '-M', '-N', '-G', GROUP, B);
    server = startTestServer();
    server.newSession('work');
    server.newSession('other');
    clean = state();
    expect(clean.access).toBe('');
    expect(clean.dir.mode).toBe(0o700);
  });
  afterEach(async () => {
    for (const child of started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
  afterAll(() => {
    server?.stop();
    for (const user of [A, B]) spawnSync('userdel', [user]);
    spawnSync('groupdel', [GROUP]);
  });

  it(`share killed before a random one of its steps, ${ROUNDS} times: shares lists what it began and unshare takes it all back`, async () => {
    const landed = new Map<string, number>();
    let leftovers = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // One round in nine lets share finish before the kill.
      const stop = 1 + Math.floor(Math.random() * (SHARE_STEPS + 1));
      const sharing = run(['share', 'work', '--user', A, ...(Math.random() < 0.5 ? ['--read-only'] : [])], `share:${stop}`);
      const step = (await sharing.paused) ?? 'after the last step';
      await kill(sharing);
      landed.set(step, (landed.get(step) ?? 0) + 1);
      const shares = await recorded();
      const now = state();
      // Whatever share changed, the record names it: nothing changed means nothing need be.
      if (JSON.stringify(now) !== JSON.stringify(clean)) expect(shares.map((share) => share.user), step).toEqual([A]);
      if (step === 'record') expect(shares).toEqual([]);
      else expect(shares.map((share) => share.finished)).toEqual([step === 'after the last step']);
      await unshareAndCheck();
      if (JSON.stringify(state()) !== JSON.stringify(clean)) leftovers += 1;
    }
    console.log(`share killed ${ROUNDS} times; before: ${[...landed].map(([step, count]) => `${step} ${count}`).join(', ')}; leftovers after unshare: ${leftovers}`);
    expect(landed.size).toBeGreaterThan(SHARE_STEPS / 2);
  }, 180_000);

  it('share killed after a random delay, 20 times: unshare takes back whatever it did', async () => {
    // The delays span a whole share, measured here (most of it is Node starting).
    const begun = Date.now();
    const whole = run(['share', 'work', '--user', A]);
    const finished = await whole.exited;
    const lasted = Date.now() - begun;
    expect(finished.code, finished.stderr).toBe(0);
    await unshareAndCheck();
    const seen = new Map<string, number>();
    for (let round = 0; round < 20; round++) {
      const sharing = run(['share', 'work', '--user', A]);
      await new Promise((done) => setTimeout(done, lasted * (0.7 + Math.random() * 0.6)));
      await kill(sharing);
      const now = state();
      const shares = await recorded();
      const what = `${shares.length ? (shares[0]?.finished ? 'finished' : 'unfinished') : 'none'} recorded, access ${now.access ? 'given' : 'not given'}, socket ${now.socket.gid === clean.socket.gid ? 'as was' : 'opened'}`;
      seen.set(what, (seen.get(what) ?? 0) + 1);
      if (JSON.stringify(now) !== JSON.stringify(clean)) expect(shares.map((share) => share.user), what).toEqual([A]);
      await unshareAndCheck();
    }
    console.log(`share (${lasted} ms whole) killed after a random delay: ${[...seen].map(([what, count]) => `${what}: ${count}`).join('; ')}`);
  }, 120_000);

  it('unshare killed before a random one of its steps, 20 times: the next unshare finishes the job', async () => {
    for (let round = 0; round < 20; round++) {
      expect((await cli('share', 'work', '--user', A)).code).toBe(0);
      const stop = 1 + Math.floor(Math.random() * 6);
      const unsharing = run(['unshare', '--user', A], `unshare:${stop}`);
      const step = await unsharing.paused;
      await kill(unsharing);
      if (step === undefined) expect(state()).toEqual(clean);
      await unshareAndCheck();
    }
  }, 120_000);

  it('unshare started while share holds the lock waits for it, then takes everything back', async () => {
    const sharing = run(['share', 'work', '--user', A], 'share:3');
    expect(await sharing.paused).toBe('server-access -w');
    const unsharing = run(['unshare', '--user', A]);
    await new Promise((done) => setTimeout(done, 1500));
    expect(unsharing.child.exitCode).toBe(null);
    sharing.child.kill('SIGCONT');
    expect((await sharing.exited).code).toBe(0);
    const result = await unsharing.exited;
    expect(result).toMatchObject({ code: 0, stdout: `unshared work from ${A}\n` });
    expect(state()).toEqual(clean);
    expect(await recorded()).toEqual([]);
  }, 30_000);

  it('share and unshare started together, 10 times: either the share stands whole or nothing is left', async () => {
    for (let round = 0; round < 10; round++) {
      const sharing = run(['share', 'work', '--user', A]);
      const unsharing = run(['unshare', '--user', A]);
      const [shared] = await Promise.all([sharing.exited, unsharing.exited]);
      expect(shared.code, shared.stderr).toBe(0);
      const shares = await recorded();
      if (shares.length === 0) expect(state()).toEqual(clean);
      else {
        expect(shares).toMatchObject([{ user: A, finished: true }]);
        expect(state().access).toBe(`${A} (W)`);
      }
      await unshareAndCheck();
    }
  }, 60_000);

  it('share twice, then unshare twice: one entry, access once, the second unshare changes nothing', async () => {
    expect((await cli('share', 'work', '--user', A)).code).toBe(0);
    const opened = state();
    expect((await cli('share', 'work', '--user', A)).code).toBe(0);
    expect(state()).toEqual(opened);
    expect(await recorded()).toMatchObject([{ user: A, session: 'work', finished: true }]);
    expect(await cli('unshare', '--user', A)).toEqual({ code: 0, stdout: `unshared work from ${A}\n`, stderr: '' });
    expect(state()).toEqual(clean);
    const again = await cli('unshare', '--user', A);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toContain(`${A} has no share on this server`);
    expect(state()).toEqual(clean);
  });

  it('unshare of one of two sessions keeps the access; unsharing the other takes it back', async () => {
    expect((await cli('share', 'work', '--user', A)).code).toBe(0);
    expect((await cli('share', 'other', '--user', A)).code).toBe(0);
    expect((await cli('unshare', 'work', '--user', A)).stdout).toBe(`unshared work from ${A}\n`);
    expect(state().access).toBe(`${A} (W)`);
    expect((await cli('unshare', 'other', '--user', A)).stdout).toBe(`unshared other from ${A}\n`);
    expect(state()).toEqual(clean);
  });

  it('unshare of a user never shared is refused and changes nothing', async () => {
    const result = await cli('unshare', '--user', B);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(`${B} has no share on this server`);
    expect(state()).toEqual(clean);
  });

  it('doctor lists an access-list entry no share explains and an unfinished share; unshare clears both', async () => {
    server.tmux('server-access', '-a', B);
    const sharing = run(['share', 'work', '--user', A], 'share:4');
    expect(await sharing.paused).toBe('chgrp socket');
    await kill(sharing);
    const doctor = await cli('doctor', '--json');
    const report = JSON.parse(doctor.stdout);
    expect(report.sharing).toEqual({ available: true, recorded: 1, unfinished: [{ user: A, mode: 'rw', session: 'work' }], unexplained: [B] });
    expect(report.problems.map((problem: { message: string }) => problem.message)).toEqual(
      expect.arrayContaining([`${B} is in tmux's access list (server-access -l) but no share explains it`, `sharing work with ${A} did not finish (stopped midway)`]),
    );
    expect((await cli('doctor')).stdout).toMatch(/sharing +1 share recorded, 1 unfinished; 1 access-list entry no share explains\n/);
    expect((await cli('shares')).stdout).toContain('(unfinished: share was stopped midway; unshare takes it back)');
    expect((await cli('unshare', '--user', A)).stdout).toBe(`unshared work from ${A} (a share that had not finished)\n`);
    expect(await cli('unshare', '--user', B)).toMatchObject({ code: 0, stdout: `removed ${B} from tmux's access list (no share of theirs was recorded)\n` });
    expect(state()).toEqual(clean);
    expect(JSON.parse((await cli('doctor', '--json')).stdout).sharing).toEqual({ available: true, recorded: 0, unfinished: [], unexplained: [] });
  });

  it('doctor on tmux 3.2 (no server-access) says sharing is not checked, and finds no problem in it', async () => {
    const { checkSharing } = await import('../../src/share/share.ts');
    const { sharingLine } = await import('../../src/commands/doctor.ts');
    const old = await checkSharing(server.client, parseTmuxVersion('3.2a'));
    expect(old).toEqual({ available: false, recorded: 0, unfinished: [], unexplained: [] });
    expect(sharingLine(old, '3.2a')).toBe('not checked: tmux 3.2a has no server-access (3.3+), so nothing can be shared or listed');
  });

  it('shares recorded by an older version (server options) are listed and taken back', async () => {
    expect((await cli('share', 'work', '--user', A)).code).toBe(0);
    // What the older version left: the record in server options, no record file.
    const { readRecord, writeRecord } = await import('../../src/share/record.ts');
    const record = readRecord(server.socket);
    writeRecord({ socket: server.socket, shares: [] });
    server.tmux('set-option', '-s', '@claude-sessions-shares', `${A}:rw:work`);
    server.tmux('set-option', '-s', '@claude-sessions-share-saved', JSON.stringify(record.saved));
    expect(await recorded()).toMatchObject([{ user: A, session: 'work', finished: true }]);
    expect((await cli('unshare', '--user', A)).code).toBe(0);
    expect(state()).toEqual(clean);
    expect(server.tmux('show-options', '-s').includes('@claude-sessions-share')).toBe(false);
  });
});
