// `claude-sessions remote`: a fake ssh on PATH records its argv and runs the remote command
// with sh -c locally; a fake tmux records the argv tmux receives and talks to a private server.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const FAKE_SSH = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_LOG, JSON.stringify({ ssh: args }) + '\\n');
let i = 0;
while (i < args.length && args[i] !== '--') i += args[i] === '-o' ? 2 : 1;
// ssh joins the words after the host with spaces and hands them to the remote shell, and
// (without SendEnv/AcceptEnv) no locale: LANG and LC_* do not reach the remote command.
const command = args.slice(i + 2).join(' ');
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'LANG' && !name.startsWith('LC_')));
const result = spawnSync('sh', ['-c', command], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
`;

const FAKE_TMUX = `#!/usr/bin/env node
const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const log = (entry) => appendFileSync(process.env.FAKE_LOG, JSON.stringify(entry) + '\\n');
log({ tmux: args });
const real = (more, stdio) => spawnSync(process.env.FAKE_REAL_TMUX, ['-S', process.env.FAKE_TMUX_SOCKET, ...more], { stdio, encoding: 'utf8' });
if (args[0] === 'attach-session') {
  // No terminal here: resolve the same target instead of attaching.
  // (display-message -t succeeds on a missing target in tmux 3.3, has-session does not.)
  const found = real(['has-session', '-t', args[2]], 'pipe');
  if (found.status !== 0) process.exit(found.status ?? 1);
  const result = real(['-u', 'display-message', '-p', '-t', args[2], '#{session_name}'], 'pipe');
  log({ attached: result.stdout.replace(/\\n$/, ''), status: result.status });
  process.exit(result.status ?? 1);
}
process.exit(real(args, 'inherit').status ?? 1);
`;

// (No backslash: tmux itself stores a backslash in a session name as two, whatever the caller does.)
const HOSTILE = [`it's "q"; $(touch PWNED) \`touch PWNED\``, '-dash lead', 'ünïcødé ☃ x', 'amp & | > < * ~ !', 'a#b'];

let server: TestServer;
let logFile: string;
const saved = { ...process.env };

function readLog(): Record<string, unknown>[] {
  return readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(() => {
  server = startTestServer();
  const bin = join(server.dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  for (const [name, text] of [['ssh', FAKE_SSH], ['tmux', FAKE_TMUX]] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  logFile = join(server.dir, 'log.jsonl');
  const realTmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim();
  Object.assign(process.env, { PATH: `${bin}:${process.env['PATH']}`, FAKE_LOG: logFile, FAKE_TMUX_SOCKET: server.socket, FAKE_REAL_TMUX: realTmux });
  for (const name of HOSTILE) server.newSession(`claude-dev-${name}`);
  server.newSession('other-session');
});

afterAll(() => {
  process.env = saved;
  server.stop();
});

beforeEach(() => writeFileSync(logFile, ''));

describe('claude-sessions remote', () => {
  it.each(HOSTILE)('attaches to the exact session of a hostile project name: %s', async (project) => {
    const result = await runCliCaptured(['remote', 'devbox', '--ssh-option', 'Port=2222', '--', project]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [ssh, tmux, attached] = readLog();
    expect((ssh as { ssh: string[] }).ssh.slice(0, 5)).toEqual(['-t', '-o', 'Port=2222', '--', 'devbox']);
    expect(tmux).toEqual({ tmux: ['attach-session', '-t', `=claude-dev-${project}:`] });
    expect(attached).toEqual({ attached: `claude-dev-${project}`, status: 0 });
    expect(existsSync(join(process.cwd(), 'PWNED'))).toBe(false);
  });

  it('exits with the remote status when the session does not exist', async () => {
    const result = await runCliCaptured(['remote', 'devbox', 'no-such-project']);
    expect(result.code).toBe(1);
  });

  it('runs tmux list-sessions when no project is given', async () => {
    const result = await runCliCaptured(['remote', 'devbox']);
    expect(result.code).toBe(0);
    const [ssh, tmux] = readLog();
    expect(ssh).toEqual({ ssh: ['--', 'devbox', "'tmux' 'list-sessions'"] });
    expect(tmux).toEqual({ tmux: ['list-sessions'] });
  });

  it('--list prints only the claude-dev sessions, hostile names intact', async () => {
    const result = await runCliCaptured(['remote', 'devbox', '--list']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(HOSTILE.map((name) => `claude-dev-${name}`).sort());
    expect(readLog()[1]).toEqual({ tmux: ['-u', 'list-sessions', '-F', '#{session_name}'] });
  });

  it('refuses a host that starts with a dash, running nothing', async () => {
    const result = await runCliCaptured(['remote', '--', '-oProxyCommand=touch PWNED', 'web']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("starts with '-'");
    expect(readFileSync(logFile, 'utf8')).toBe('');
  });

  it('refuses --list with a project', async () => {
    const result = await runCliCaptured(['remote', 'devbox', 'web', '--list']);
    expect(result.code).toBe(2);
  });
});
