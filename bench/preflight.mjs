// What every bench checks before measuring: tmux is there (else nothing to measure) and,
// for the benches that run the CLI, dist/ has been built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('..', import.meta.url).pathname);
export const CLI = join(ROOT, 'dist', 'claude-sessions.cjs');

// Exit quietly when tmux is missing; with `needsCli`, fail when dist/ is not built.
export function preflight({ needsCli = false } = {}) {
  if (spawnSync('tmux', ['-V']).error) {
    console.log('tmux is not installed: nothing to measure.');
    process.exit(0);
  }
  if (needsCli && !existsSync(CLI)) {
    console.log('dist/claude-sessions.cjs is missing: npm run build first.');
    process.exit(1);
  }
}
