import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ built from src/ (end-to-end tests run it), then the run's private TMPDIR, HOME
    // and PATH, and the check that nothing was left behind.
    globalSetup: ['test/helpers/build-dist.mjs', 'test/helpers/test-run.mjs'],
    setupFiles: ['test/helpers/private-home.ts'],
    // Integration tests each start their own tmux server; 2 cores here.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
