import { defineConfig } from 'vitest/config';

// The lane against the real Claude Code (npm run test:claude), kept out of npm test: it needs
// the pinned CLI, which install.mjs puts in a cache outside the repository when missing,
// before the same test frame as npm test (private TMPDIR, HOME and sockets, no leftovers).
export default defineConfig({
  test: {
    include: ['test/real-claude/**/*.lane.ts'],
    globalSetup: ['test/real-claude/install.mjs', 'test/helpers/build-dist.mjs', 'test/helpers/test-run.mjs'],
    setupFiles: ['test/helpers/private-home.ts'],
    pool: 'forks',
    maxWorkers: 1,
    // One agent driven step by step; each step polls with its own generous bound.
    testTimeout: 120000,
    hookTimeout: 120000,
  },
});
