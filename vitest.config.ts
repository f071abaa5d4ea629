import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ built from src/ (end-to-end tests run it), then the run's private TMPDIR, HOME
    // and PATH, and the check that nothing was left behind.
    globalSetup: ['test/helpers/build-dist.mjs', 'test/helpers/test-run.mjs'],
    setupFiles: ['test/helpers/private-home.ts'],
    // Integration tests each start their own tmux server: one test file per core.
    pool: 'forks',
    maxWorkers: availableParallelism(),
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
