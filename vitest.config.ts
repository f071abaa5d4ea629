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
    // Tests within a file run in a shuffled order, the same on every run (a fixed seed: CI
    // reproducible), so a test that leans on one before it fails here rather than when it is
    // run alone. `npm run test:order` tries other seeds. Files keep vitest's own order (longest
    // first, for wall time).
    sequence: { shuffle: { files: false, tests: true }, seed: 15 },
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
