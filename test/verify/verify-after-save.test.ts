// @claude-sessions-verify-after-save: an automatic save that wrote a new file is verified in
// the background (a tmux run-shell job), its result recorded for doctor and logged.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { settled } from '../helpers/settled.ts';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/tmux-server.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let temp: string;
const saved = { tmp: process.env['TMPDIR'], state: process.env['XDG_STATE_HOME'] };

beforeEach(async () => {
  // Set before the server starts: its background jobs inherit them.
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'cs-verify-after-')));
  mkdirSync(join(temp, 'tmp'));
  process.env['TMPDIR'] = join(temp, 'tmp');
  process.env['XDG_STATE_HOME'] = join(temp, 'state');
  server = startTestServer();
  server.newSession('main');
  server.tmux('kill-session', '-t', '=placeholder:');
  await settled(server);
  // A save folder whose name the shell and tmux's formats would both misread if unquoted.
  server.tmux('set-option', '-g', '@resurrect-dir', join(server.dir, "it's #1 saves"));
  server.tmux('set-option', '-g', '@claude-sessions-bin', join(REPO_ROOT, 'scripts', 'claude-sessions'));
  server.tmux('set-option', '-g', '@claude-sessions-save-interval', '60');
  server.tmux('set-option', '-g', '@claude-sessions-autosave-timer', 'chain-1 60 1');
});

afterEach(() => {
  server.stop();
  rmSync(temp, { recursive: true, force: true });
  for (const [key, value] of [['TMPDIR', saved.tmp], ['XDG_STATE_HOME', saved.state]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const recordPath = () => join(temp, 'state', 'claude-sessions', 'verify-last.json');
const eventsLog = () => {
  const path = join(temp, 'state', 'claude-sessions', 'events.log');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

describe('verify after an automatic save', () => {
  it('verifies the new save in the background when the option is on, and doctor shows it', async () => {
    server.tmux('set-option', '-g', '@claude-sessions-verify-after-save', 'on');

    expect(await runCliCaptured(['-S', server.socket, 'event', 'autosave-tick', 'chain-1', '1'])).toMatchObject({ code: 0, stdout: '' });

    const log = await waitFor(eventsLog, (text) => text.includes('verify: '));
    const [file] = readdirSync(join(server.dir, "it's #1 saves")).filter((name) => /^tmux_resurrect_.*\.txt$/.test(name));
    expect(log).toContain(`verify: ${join(server.dir, "it's #1 saves", file ?? '?')}: fidelity 100%`);
    expect(JSON.parse(readFileSync(recordPath(), 'utf8'))).toMatchObject({ score: 100, differences: 0 });
    expect((await runCliCaptured(['-S', server.socket, 'doctor'])).stdout).toMatch(/verify +tmux_resurrect_\S+: fidelity 100%, 0 differences/);
    expect(readdirSync(join(temp, 'tmp')).filter((name) => name.startsWith('claude-sessions-verify-'))).toEqual([]);
  });

  it('does not verify when the option is off (the default)', async () => {
    await runCliCaptured(['-S', server.socket, 'event', 'autosave-tick', 'chain-1', '1']);
    // The next save (something changed) with the option on: only its verify is logged.
    server.tmux('new-window', '-t', '=main:');
    server.tmux('set-option', '-g', '@claude-sessions-verify-after-save', 'on');
    await runCliCaptured(['-S', server.socket, 'event', 'autosave-tick', 'chain-1', '2']);

    const log = await waitFor(eventsLog, (text) => text.includes('verify: '));
    const second = /autosave-tick chain-1 2: saved 1 session to (.*)$/m.exec(log)?.[1];
    expect(second).toBeDefined();
    expect(log.split('\n').filter((line) => line.includes('verify: '))).toEqual([expect.stringContaining(`verify: ${second}: fidelity 100%`)]);
  });
});
