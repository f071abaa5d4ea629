// The frame every test runs in (test/helpers/test-run.mjs and private-home.ts): a private
// home, `claude` only ever the stand-in, and a run that fails when a test leaves a process or
// a temp folder behind.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { finishRun, REAL_PATH_VARIABLE, RUN_VARIABLE, startRun } from '../helpers/test-run.mjs';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';

const FAKE_CLAUDE = join(REPO_ROOT, 'test', 'fake-claude', 'claude');
const FIXTURES_CONFIG = join(REPO_ROOT, 'test', 'hermetic', 'fixtures', 'vitest.config.ts');

// Run the fixture file NAME (test/hermetic/fixtures/NAME.fixture.ts) in a child vitest.
function runFixture(name: string) {
  const vitest = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--config', FIXTURES_CONFIG, name], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Command lines of the running processes.
function commandLines(): string[] {
  return spawnSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' }).stdout.split('\n');
}

describe('every test runs in a private frame', () => {
  let server: TestServer | undefined;
  afterEach(() => {
    server?.stop();
    server = undefined;
  });

  it('has a HOME and XDG folders of its own, inside the run, never the real home', () => {
    const home = process.env['HOME'] ?? '';
    expect(home).not.toBe(userInfo().homedir);
    expect(home.startsWith(join(process.env[RUN_VARIABLE] ?? '/nonexistent', 'tmp'))).toBe(true);
    for (const name of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) {
      expect(process.env[name]?.startsWith(`${home}/`), name).toBe(true);
    }
    expect(tmpdir()).toBe(join(process.env[RUN_VARIABLE] ?? '', 'tmp'));
  });

  it('finds only the stand-in as `claude`, in the test and in what a tmux server runs', () => {
    const found = spawnSync('sh', ['-c', 'command -v claude'], { encoding: 'utf8' }).stdout.trim();
    expect(realpathSync(found)).toBe(FAKE_CLAUDE);
    server = startTestServer();
    // What hooks and key bindings run: run-shell, in the server's environment.
    const out = join(server.dir, 'out');
    server.tmux('run-shell', `{ command -v claude; printf '%s\\n' "$HOME"; } > '${out}'`);
    const [claude, home] = readFileSync(out, 'utf8').trim().split('\n');
    expect(realpathSync(claude ?? '')).toBe(FAKE_CLAUDE);
    expect(home).toBe(process.env['HOME']);
  });

  it('hides a real `claude` on PATH, keeping the other programs of its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'real-bin-'));
    try {
      for (const name of ['claude', 'other-tool']) {
        writeFileSync(join(dir, name), '#!/bin/sh\necho real\n');
        chmodSync(join(dir, name), 0o755);
      }
      const { root, changes } = startRun({ PATH: `${dir}:/usr/bin:/bin` });
      try {
        const path = changes['PATH'] ?? '';
        const which = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8', env: { PATH: path } }).stdout.trim();
        expect(realpathSync(which('claude'))).toBe(FAKE_CLAUDE);
        expect(realpathSync(which('other-tool'))).toBe(realpathSync(join(dir, 'other-tool')));
        // Even a test that takes the stand-in's folder off PATH finds no real one.
        const withoutStandIn = path.split(':').filter((entry) => entry !== join(root, 'bin')).join(':');
        expect(spawnSync('sh', ['-c', 'command -v claude'], { env: { PATH: withoutStandIn } }).status).not.toBe(0);
        expect(changes[REAL_PATH_VARIABLE]).toBe(`${dir}:/usr/bin:/bin`);
      } finally {
        expect(await finishRun(root)).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a run that leaves something behind fails', () => {
  it('names the temp folder, the process and the tmux server a test left, and removes them', () => {
    const { status, output } = runFixture('leaky');
    expect(output).toMatch(/1 passed/);
    expect(status).not.toBe(0);
    expect(output).toMatch(/left in TMPDIR: leaked-folder-/);
    expect(output).toMatch(/left in TMPDIR: leaked-server-/);
    expect(output).toMatch(/still runs: sleep 1001/);
    expect(output).toMatch(/still runs: tmux -S \S+leaked-server-\S+ -f \/dev\/null new-session -d sleep 1002/);
    expect(commandLines().filter((line) => /sleep 100[12]/.test(line))).toEqual([]);
  });

  it('passes when its tests clean up', () => {
    const { status, output } = runFixture('tidy');
    expect(output).toMatch(/1 passed/);
    expect(output).not.toMatch(/left behind/);
    expect(status).toBe(0);
  });
});
