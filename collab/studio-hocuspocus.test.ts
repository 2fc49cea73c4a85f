import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { describe, expect, it, vi } from 'vitest';
import { StudioHocuspocus } from './studio-hocuspocus.js';

/** Extensions that note each hook they run, one without any hook, one that throws. */
function extensions(calls: string[]): Extension[] {
  return [
    { priority: 10, extensionName: 'low', async onChange() { calls.push('low'); } },
    { priority: 90, extensionName: 'high', onChange() { calls.push('high'); return 'high-result'; } },
    { priority: 50, extensionName: 'none' },
    { priority: 40, extensionName: 'thrower', async beforeSync() { calls.push('thrower'); throw new Error('refused'); } },
    { priority: 30, extensionName: 'after', async beforeSync() { calls.push('after'); } },
  ] as Extension[];
}

async function run(server: Hocuspocus, name: 'onChange' | 'beforeSync', calls: string[]) {
  const results: unknown[] = [];
  const outcome = await server.hooks(name, {} as never, (result: unknown) => results.push(result)).then(
    () => 'resolved',
    (error: Error) => error.message,
  );
  return { outcome, calls: [...calls], results };
}

describe('StudioHocuspocus hooks', () => {
  it('runs hooks exactly as Hocuspocus does: priority order, only extensions that have them, a throw stops and rejects', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const name of ['onChange', 'beforeSync'] as const) {
      const theirs: string[] = [];
      const ours: string[] = [];
      const hocuspocus = new Hocuspocus({ quiet: true, extensions: extensions(theirs) });
      const studio = new StudioHocuspocus({ quiet: true, extensions: extensions(ours) });
      // Twice each: the second time from the kept list.
      for (let round = 0; round < 2; round++) {
        ours.length = 0;
        theirs.length = 0;
        expect(await run(studio, name, ours)).toEqual(await run(hocuspocus, name, theirs));
      }
      expect(ours.length).toBeGreaterThan(0);
    }
    vi.restoreAllMocks();
  });

  it('sees extensions configured after the first dispatch', async () => {
    const calls: string[] = [];
    const server = new StudioHocuspocus({ quiet: true, extensions: [] });
    await server.hooks('onChange', {} as never);
    server.configure({ extensions: [{ async onChange() { calls.push('late'); } } as Extension] });
    await server.hooks('onChange', {} as never);
    expect(calls).toEqual(['late']);
  });
});
