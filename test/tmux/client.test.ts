// The tmux client against a real private server.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSession, formatLiteral, serverPidOfEnv, sessionIdOf, TmuxBatchError, TmuxClient, TmuxError } from '../../src/tmux/index.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const HOSTILE_NAMES = [
  'with space',
  `quote's "double"`,
  'semi;colon',
  '$(touch pwned)',
  '`id`',
  'café 🎉 日本',
  '-leading-dash',
  'hash#{pid}',
  'ends-with;',
];

describe('tmux client', () => {
  let server: TestServer;
  beforeAll(() => {
    server = startTestServer();
  });
  afterAll(() => server.stop());

  it('runs many commands in one tmux process', async () => {
    const runs: (readonly string[])[] = [];
    const client = new TmuxClient({ server: { socketPath: server.socket }, onRun: (argv) => runs.push(argv) });
    await client.batch([
      ['new-session', '-d', '-s', 'batch-a', '-n', 'first'],
      ['new-window', '-t', exactSession('batch-a'), '-n', 'second'],
      ['rename-window', '-t', '=batch-a:1', 'renamed'],
    ]);
    expect(runs).toHaveLength(1);
    expect(server.tmux('list-windows', '-t', '=batch-a:', '-F', '#{window_index}:#{window_name}').trim().split('\n')).toEqual([
      '0:first',
      '1:renamed',
    ]);
  });

  it('runs a batch larger than one tmux message (16 KiB) as consecutive calls, in order', async () => {
    const runs: (readonly string[])[] = [];
    const client = new TmuxClient({ server: { socketPath: server.socket }, onRun: (argv) => runs.push(argv) });
    const commands = Array.from({ length: 300 }, (_, n) => ['set-option', '-g', `@big-${n}`, `${n}:${'v'.repeat(100)}`]);
    await client.batch(commands);
    expect(runs.length).toBeGreaterThan(1);
    expect(server.tmux('show-options', '-gv', '@big-299').trim()).toBe(`299:${'v'.repeat(100)}`);
    expect(server.tmux('show-options', '-gv', '@big-0').trim()).toBe(`0:${'v'.repeat(100)}`);
  });

  it('reads with many calls at once, the outputs in the order of their commands', async () => {
    const runs: (readonly string[])[] = [];
    const client = new TmuxClient({ server: { socketPath: server.socket }, onRun: (argv) => runs.push(argv) });
    const commands = Array.from({ length: 300 }, (_, n) => ['display-message', '-p', `${n}:${'v'.repeat(100)}`]);
    const output = await client.batchConcurrently(commands);
    expect(runs.length).toBeGreaterThan(1);
    expect(output).toBe(commands.map((_, n) => `${n}:${'v'.repeat(100)}\n`).join(''));
  });

  it('fails a concurrent read when any of its calls fails, saying which target was missing', async () => {
    const commands = [...Array.from({ length: 300 }, (_, n) => ['display-message', '-p', `${n}:${'v'.repeat(100)}`]), ['capture-pane', '-p', '-t', '%999999']];
    const error = await server.client.batchConcurrently(commands).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect((error as TmuxError).message).toMatch(/can't find pane|%999999/);
  });

  it('stops a batch at the first failing command and says which target was missing', async () => {
    const error = await server.client
      .batch([['has-session', '-t', exactSession('no-such-session')], ['new-session', '-d', '-s', 'after-failure']])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect((error as TmuxError).kind).toBe('not-found');
    expect((error as TmuxError).message).toMatch(/no such session: no-such-session/);
    expect(server.tryTmux('has-session', '-t', '=after-failure:').status).not.toBe(0);
  });

  it.each(HOSTILE_NAMES)('creates and lists a session named %j exactly', async (name) => {
    // -s is format-expanded by tmux, so the caller doubles '#'; the client protects ';'.
    await server.client.run(['new-session', '-d', '-s', formatLiteral(name)]);
    const sessions = await server.client.list({ command: ['list-sessions'], fields: { name: '#{session_name}' } });
    expect(sessions.map((s) => s.name)).toContain(name);
    expect(await sessionIdOf(server.client, name)).toMatch(/^\$\d+$/);
    // Never run through a shell: nothing the name says was executed.
    expect(existsSync(join(server.dir, 'pwned'))).toBe(false);
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('names the command tmux refused in a batch split over several calls, with what ran before it', async () => {
    const runs: (readonly string[])[] = [];
    const client = new TmuxClient({ server: { socketPath: server.socket }, onRun: (argv) => runs.push(argv) });
    const commands = [
      ...Array.from({ length: 300 }, (_, n) => ['set-option', '-g', `@located-${n}`, 'v'.repeat(100)]),
      ['display-message', '-p', 'printed before'],
      ['has-session', '-t', exactSession('located-missing')],
      ['set-option', '-g', '@located-after', 'ran'],
    ];
    const error = await client.batch(commands, { locateFailure: true }).catch((caught: unknown) => caught);
    expect(runs.length).toBeGreaterThan(1);
    expect(error).toBeInstanceOf(TmuxBatchError);
    expect(error).toMatchObject({ kind: 'not-found', failedIndex: 301, failedCommand: ['has-session', '-t', '=located-missing:'], output: 'printed before\n' });
    expect((error as TmuxError).message).toBe('tmux has-session: no such session: located-missing (command 302 of 303: tmux has-session -t =located-missing:)');
    expect(server.tmux('show-options', '-gqv', '@located-299').trim()).toBe('v'.repeat(100));
    expect(server.tmux('show-options', '-gqv', '@located-after').trim()).toBe('');
    expect(await client.batch([['display-message', '-p', 'only this']], { locateFailure: true })).toBe('only this\n');
  });

  it('reads paths with tabs, newlines and quotes back exactly', async () => {
    const dir = join(server.dir, `tab\there\nnewline 'q' "dq"`);
    mkdirSync(dir);
    await server.client.run(['new-session', '-d', '-s', 'odd-path', '-c', dir]);
    const list = () =>
      server.client.list({
        command: ['list-panes', '-t', exactSession('odd-path')],
        fields: { path: '#{pane_current_path}', session: '#{session_name}' },
      });
    // tmux reads a pane's folder from its process, which a loaded machine may not have started yet.
    let panes = await list();
    for (let tries = 0; tries < 50 && panes[0]?.path === ''; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      panes = await list();
    }
    expect(panes).toEqual([{ path: dir, session: 'odd-path' }]);
  });

  it('targets a session exactly, never by prefix', async () => {
    server.newSession('exact-ab');
    expect(server.tryTmux('has-session', '-t', exactSession('exact-a')).status).not.toBe(0);
    await expect(server.client.run(['has-session', '-t', exactSession('exact-a')])).rejects.toMatchObject({ kind: 'not-found' });
    await expect(server.client.run(['has-session', '-t', exactSession('exact-ab')])).resolves.toBe('');
  });

  it('passes an argument ending in ; through unchanged', async () => {
    await server.client.run(['set-option', '-g', '@test-semicolon', 'echo done;']);
    expect(server.tmux('show-options', '-gv', '@test-semicolon')).toBe('echo done;\n');
  });

  it('reads the client and server versions', async () => {
    const client = await server.client.clientVersion();
    const running = await server.client.serverVersion();
    expect(client.major).toBeGreaterThanOrEqual(3);
    expect(running.raw).toBe(client.raw);
  });

  it('says clearly when no server runs on the socket', async () => {
    const client = new TmuxClient({ server: { socketPath: join(server.dir, 'nobody-here.sock') } });
    expect(await client.isRunning()).toBe(false);
    await expect(client.run(['list-sessions'])).rejects.toMatchObject({
      kind: 'no-server',
      message: expect.stringContaining('no tmux server is running on'),
    });
  });

  it('says clearly when tmux itself is missing', async () => {
    const client = new TmuxClient({ server: { socketPath: server.socket }, binary: join(server.dir, 'no-tmux-here') });
    await expect(client.run(['list-sessions'])).rejects.toMatchObject({
      kind: 'not-installed',
      message: expect.stringContaining('tmux is not installed'),
    });
  });

  it('reports a command tmux rejects', async () => {
    await expect(server.client.run(['no-such-command'])).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('unknown command'),
    });
  });
});

describe('the server PID in $TMUX', () => {
  it('is the field before the session, whatever commas the socket path holds', () => {
    expect(serverPidOfEnv('/tmp/tmux-0/default,4242,0')).toBe(4242);
    expect(serverPidOfEnv('/tmp/a,b,c/sock,77,12')).toBe(77);
  });

  it('is undefined when unset or not a PID', () => {
    for (const value of [undefined, '', '/tmp/sock', '/tmp/sock,,0', '/tmp/sock,abc,0', '/tmp/sock,-3,0', '/tmp/sock,0,0', '/tmp/sock,1.5,0']) {
      expect(serverPidOfEnv(value)).toBeUndefined();
    }
  });
});
