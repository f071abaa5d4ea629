// Before a test run: build dist/ from src/ (scripts/build.mjs, what `npm run build` runs), so
// end-to-end tests, which run dist/ through the shim, test the code in src/ and not a stale
// bundle. A vitest globalSetup (listed before test-run.mjs) and, for bats,
// `node test/helpers/build-dist.mjs` in setup_suite.bash. A run inside a run (the guard's own
// fixtures) does not build again: its parent did, and its tests may be reading dist/.
//
// Plain JavaScript: bats runs it with node, which has no TypeScript before Node 22.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_VARIABLE } from './test-run.mjs';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const ZX = join(REPO_ROOT, 'node_modules', 'zx', 'build', 'cli.js');
const BUILD = join(REPO_ROOT, 'scripts', 'build.mjs');

// Run scripts/build.mjs with ARGS; throws with the build's output when it fails.
export function runBuild(args = []) {
  const result = spawnSync(process.execPath, [ZX, BUILD, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.error?.message ?? `exit ${result.status}`}); the tests would run a stale dist/:\n${result.stdout}${result.stderr}`);
  }
}

// vitest globalSetup.
export default function setup() {
  if (!process.env[RUN_VARIABLE]) runBuild();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    setup();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
