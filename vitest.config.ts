import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the database-heavy suites fight for CPU. (A third cut the
    // suite from 387 s to 297 s, but under that load two collab-hostile tests failed in CI: see
    // the note on the one that reads a restored tab's edits back from storage.)
    maxWorkers: 2,
  },
});
