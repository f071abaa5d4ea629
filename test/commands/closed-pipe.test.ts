// A reader that stops early (`claude-sessions saves | head -1`) is not an error: the real
// CLI, writing more than a pipe holds, says nothing on stderr and exits 0.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/cli.ts';
import { startSaveServer } from '../helpers/settled.ts';
import { REPO_ROOT, testEnv } from '../helpers/tmux-server.ts';

const CLI = join(REPO_ROOT, 'scripts', 'claude-sessions');
const SAVES = 3000;

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

describe('a closed output pipe', () => {
  it('`saves | head -1` prints the header, nothing on stderr, exit status 0', async () => {
    const { server, dir } = await startSaveServer(stops);
    server.tmux('set-option', '-g', '@resurrect-dir', dir);
    expect((await runCliCaptured(['-S', server.socket, 'save', '--quiet'])).code).toBe(0);
    const save = readdirSync(dir).find((name) => name.endsWith('.txt'))!;
    const text = readFileSync(join(dir, save));
    // One save a minute back from 2020-01-01: ~80 bytes a row, far more than a pipe holds.
    for (let i = 0; i < SAVES; i += 1) {
      const time = new Date(Date.UTC(2020, 0, 1) - i * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
      writeFileSync(join(dir, `tmux_resurrect_${time}.txt`), text);
    }
    const out = join(server.dir, 'out');
    mkdirSync(out);
    const script = '{ "$CLI" -S "$SOCKET" saves 2>"$OUT/stderr"; echo $? >"$OUT/status"; } | head -1';
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: testEnv({ CLI, SOCKET: server.socket, OUT: out }) });
    expect(run.stdout).toMatch(/^TIME +SESSIONS +PANES +SIZE +FILE\n$/);
    expect(readFileSync(join(out, 'stderr'), 'utf8')).toBe('');
    expect(readFileSync(join(out, 'status'), 'utf8')).toBe('0\n');
  });
});
