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
    // Node 24's V8 can abort a worker ("Check failed: jit_page_->allocations_.erase(addr) == 1",
    // vitest then says "Worker exited unexpectedly") while its wasm code GC frees dead PGlite code:
    // the stack runs from a wasm-to-JS wrapper tier-up into FreeDeadCode. With many PGlite
    // instances made and closed in one long-lived worker it did, in CI and here, on 2026-12-07
    // (nodejs/node#64500; no Node 24 release fixes it yet). Without the code GC no code is freed
    // piecemeal: dead code goes with its module when the last PGlite using it is collected.
    execArgv: ['--no-wasm-code-gc'],
  },
});
