// Runs before every test file: saves, logs and caches go to a private folder, never to the
// real home (tmux servers the tests start inherit this environment, and so do their hooks).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'cs-vitest-home-'));
for (const name of ['XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) {
  process.env[name] = join(home, name.toLowerCase());
}
