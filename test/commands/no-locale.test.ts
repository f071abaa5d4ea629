// The CLI run with no locale at all (env -i: no LANG, no LC_*), as cron, systemd, ssh
// commands and scripts run it. tmux prints what it deems unprintable as `_` to such a client
// unless told the client is UTF-8 (tmux -u): the \x1f field separators and non-ASCII names.
// Runs the shim, so dist/ must be built (npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_VARIABLE } from '../helpers/test-run.mjs';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const SHIM = join(REPO_ROOT, 'scripts', 'claude-sessions');
const WORKSPACES = ['claude-dev-café ☕', 'claude-dev-日本語'];

describe('with no locale', () => {
  let server: TestServer;
  let saves: string;

  // The shim with only PATH and HOME (and the test run's marker, which is no locale).
  const cli = (...args: string[]) => {
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', [RUN_VARIABLE]: process.env[RUN_VARIABLE] ?? '' };
    const result = spawnSync('env', ['-i', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), SHIM, '-S', server.socket, ...args], { encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const sessionNames = () => server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort();

  beforeAll(() => {
    server = startTestServer();
    saves = join(server.dir, 'saves ü');
    mkdirSync(saves);
    server.tmux('set-option', '-g', '@resurrect-dir', saves);
    for (const name of WORKSPACES) server.newSession(name);
    server.tmux('new-window', '-d', '-t', '=placeholder:');
  });
  afterAll(() => server.stop());

  it('ls lists workspaces with non-ASCII names', () => {
    const { code, stdout } = cli('ls', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { name: string }[]).map((workspace) => workspace.name).sort()).toEqual([...WORKSPACES].sort());
  });

  it('save writes to @resurrect-dir, saves lists it there, and restore brings the sessions back byte for byte', () => {
    const saved = cli('save');
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    const files = readdirSync(saves).filter((name) => /^tmux_resurrect_.*\.txt$/.test(name));
    expect(files).toHaveLength(1);
    const text = readFileSync(join(saves, files[0] ?? ''), 'utf8');
    for (const name of WORKSPACES) expect(text).toContain(`\t${name}\t`);
    expect(existsSync(join(saves, 'last'))).toBe(true);

    const listed = cli('saves');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(saves);
    expect(listed.stdout).toContain(files[0]?.replace(/\.txt$/, '').slice(-6) ?? 'missing');

    for (const name of WORKSPACES) server.tmux('kill-session', '-t', `=${name}:`);
    const restored = cli('restore');
    expect(restored.code, restored.stderr).toBe(0);
    expect(sessionNames()).toEqual([...WORKSPACES, 'placeholder'].sort());
  });
});
