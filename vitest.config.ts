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
    // the note on the one that reads a restored tab's edits back from storage. Measured again on
    // 2026-12-06 with isolate off: 710 s with two, 651 s with three, the tests' summed time
    // 1,394 s against 1,900 s: the suite is CPU-bound here.)
    maxWorkers: 2,
    // Each worker imports the server's modules once for all its files instead of once per file:
    // that import was ~4 s a file, and a run on two cores went from 1,010 s to 627 s without it. Files
    // still get their own servers and databases; what they could share is module-level state, so a
    // test that changes a module's state (fake timers, env) puts it back in afterEach.
    isolate: false,
  },
});
