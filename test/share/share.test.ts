// Sharing a session with another local user: tmux's access list admits them, a group they
// are in opens the socket to them, and nothing is ever world-writable. Real users, real
// tmux: root only (useradd, setpriv), Linux only.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chooseGroup } from '../../src/share/socket.ts';
import { requireServerAccess, share } from '../../src/share/share.ts';
import { lookupUser } from '../../src/share/users.ts';
import { parseTmuxVersion } from '../../src/tmux/index.ts';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, testEnv, type TestServer } from '../helpers/tmux-server.ts';

const canRun = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/sbin/useradd') && existsSync('/usr/bin/setpriv');
const tag = `cs${process.pid}`;
const GROUP = `${tag}g`;
const A = `${tag}a`; // in GROUP, gets the share
const B = `${tag}b`; // in no group with the socket
const C = `${tag}c`; // in GROUP but never shared: only tmux's access list keeps them out

function sh(command: string, ...args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
}

// Run tmux on the test socket as USER (own uid, gid and groups), stdin given or closed.
function tmuxAs(user: string, socket: string, args: string[], input = '') {
  const who = lookupUser(user);
  const result = spawnSync('setpriv', [`--reuid=${who.uid}`, `--regid=${who.gid}`, '--init-groups', '--', 'tmux', '-S', socket, ...args], {
    encoding: 'utf8',
    input,
    env: testEnv({ HOME: '/' }),
    timeout: 15000,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

describe.runIf(canRun)('share / unshare / shares with real users', () => {
  let server: TestServer;
  const cli = (...args: string[]) => runCliCaptured(['-S', server.socket, ...args]);
  const modes = () => ({ socket: statSync(server.socket), dir: statSync(dirname(server.socket)) });
  const neverWorldWritable = () => {
    const { socket, dir } = modes();
    expect(socket.mode & 0o002).toBe(0);
    expect(dir.mode & 0o002).toBe(0);
  };
  const windows = () => server.tmux('list-windows', '-t', '=work:', '-F', '#{window_id}').trim().split('\n');

  // The users are the file's; a share changes the whole server (its access list, the socket's
  // group and mode), so each test gets a server of its own with nothing shared yet.
  beforeAll(() => {
    sh('groupadd', GROUP);
    sh('useradd', '-M', '-N', '-G', GROUP, A);
    sh('useradd', '-M', '-N', B);
    sh('useradd', '-M', '-N', '-G', GROUP, C);
  });
  afterAll(() => {
    for (const user of [A, B, C]) spawnSync('userdel', [user]);
    spawnSync('groupdel', [GROUP]);
  });
  beforeEach(() => {
    server = startTestServer();
    server.newSession('work');
  });
  afterEach(() => server?.stop());
  const shareReadOnlyWithA = async () => expect((await cli('share', 'work', '--user', A, '--read-only')).code).toBe(0);

  it('before sharing, another user cannot even reach the socket', () => {
    neverWorldWritable();
    expect(tmuxAs(A, server.socket, ['list-sessions']).stderr).toContain('Permission denied');
  });

  it('refuses a user that does not exist', async () => {
    const result = await cli('share', 'work', '--user', `${tag}none`);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(`no user named ${tag}none`);
  });

  it('shares read-only: A attaches and lists, A cannot change anything, B cannot connect, C is refused by the access list', async () => {
    const before = modes();
    const result = await cli('share', 'work', '--user', A, '--read-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`shared work with ${A} (read-only); they run:\n  tmux -S ${server.socket} attach -r -t =work:\n`);
    expect(result.stderr).toContain('per server');
    // tmux 3.3 still runs what a read-only control-mode client sends: the user is told so.
    expect(result.stderr).toContain('control-mode client (tmux -C)');
    neverWorldWritable();
    const after = modes();
    const gid = lookupUser(A).groups.find((group) => !lookupUser(B).groups.includes(group));
    expect(after.socket.gid).toBe(gid);
    expect(after.socket.mode & 0o060).toBe(0o060);
    expect(after.dir.gid).toBe(gid);
    expect(after.dir.mode & 0o777).toBe((before.dir.mode & 0o777) | 0o010);
    expect(server.tmux('server-access', '-l').trim()).toBe(`${A} (R)`);

    const control = tmuxAs(A, server.socket, ['-C', 'attach', '-r', '-t', '=work:'], 'list-windows -t =work: -F "#{session_name}:#{window_index}"\n');
    expect(control.status).toBe(0);
    expect(control.stdout).toContain('%begin');
    expect(control.stdout).toContain('\nwork:0\n');

    const count = windows().length;
    const refused = tmuxAs(A, server.socket, ['new-window', '-t', '=work:']);
    expect(refused).toMatchObject({ status: 1, stderr: 'client is read-only\n' });
    expect(windows()).toHaveLength(count);

    expect(tmuxAs(B, server.socket, ['list-sessions']).stderr).toContain('Permission denied');
    expect(tmuxAs(C, server.socket, ['list-sessions']).stderr).toContain('access not allowed');
    neverWorldWritable();
  });

  it('shares lists what was shared', async () => {
    await shareReadOnlyWithA();
    const result = await cli('shares', '--json');
    expect(JSON.parse(result.stdout)).toEqual({
      socket: server.socket,
      shares: [{ user: A, mode: 'ro', session: 'work', finished: true, attach: `tmux -S ${server.socket} attach -r -t =work:`, inAccessList: true }],
    });
  });

  it('refuses a second user outside the group in use, naming what an admin runs', async () => {
    await shareReadOnlyWithA();
    const result = await cli('share', 'work', '--user', B);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`usermod -aG ${GROUP} ${B}`);
    expect(server.tmux('server-access', '-l').trim()).toBe(`${A} (R)`);
  });

  it('refuses a different mode for a user who already has a share (access is per user)', async () => {
    await shareReadOnlyWithA();
    server.newSession('other');
    const result = await cli('share', 'other', '--user', A);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('per user, not per session');
  });

  it('unshare takes back the access and puts the socket and folder back as they were', async () => {
    await shareReadOnlyWithA();
    const result = await cli('unshare', '--user', A);
    expect(result).toEqual({ code: 0, stdout: `unshared work from ${A}\n`, stderr: '' });
    const { socket, dir } = modes();
    expect(socket.gid).toBe(0);
    expect(socket.mode & 0o077).toBe(0);
    expect(dir.gid).toBe(0);
    expect(dir.mode & 0o777).toBe(0o700);
    expect(server.tmux('server-access', '-l').trim()).toBe('');
    expect(server.tryTmux('show-options', '-sqv', '@claude-sessions-shares').stdout).toBe('');
    expect(tmuxAs(A, server.socket, ['list-sessions']).stderr).toContain('Permission denied');
    expect((await cli('shares')).stdout).toBe('nothing shared\n');
    expect((await cli('unshare', '--user', A)).stderr).toContain(`${A} has no share`);
  });

  it('shares read-write: A can create a window; unshare closes the socket again', async () => {
    const result = await cli('share', 'work', '--user', A);
    expect(result.stdout).toBe(`shared work with ${A} (read-write); they run:\n  tmux -S ${server.socket} attach -t =work:\n`);
    expect(result.stderr).not.toContain('read-only');
    const count = windows().length;
    expect(tmuxAs(A, server.socket, ['new-window', '-d', '-t', '=work:']).status).toBe(0);
    expect(windows()).toHaveLength(count + 1);
    neverWorldWritable();
    expect((await cli('unshare', 'work', '--user', A)).code).toBe(0);
    expect(statSync(server.socket).mode & 0o077).toBe(0);
    expect(tmuxAs(A, server.socket, ['list-sessions']).stderr).toContain('Permission denied');
  });

  it('tmux older than 3.3 is refused, naming the version needed, before anything changes', async () => {
    const old = parseTmuxVersion('3.2a');
    await expect(requireServerAccess(server.client, old)).rejects.toThrow(/sharing needs tmux 3\.3 or later .*this server runs tmux 3\.2a/);
    await expect(share(server.client, { user: A, mode: 'rw', session: 'work' }, old)).rejects.toThrow(/tmux 3\.3 or later/);
    expect(server.tmux('server-access', '-l').trim()).toBe('');
    expect(statSync(server.socket).mode & 0o077).toBe(0);
  });

  it('a non-root owner with no group in common with the user gets no group', () => {
    const owner = { name: 'someone', uid: 54321, gid: 54321, groups: [54321] };
    expect(chooseGroup(owner, lookupUser(A))).toBeUndefined();
  });
});
