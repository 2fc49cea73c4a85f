import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../test/helpers/logger.js';
import { VersionCheckpoints } from './version-checkpoints.js';

/** A save that finishes when told to, recording which document it saved and when it started. */
function controlledSaves() {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const save = (name: string) => {
    started.push(name);
    return new Promise<void>((resolve) => finishers.push(resolve));
  };
  /** Ends the oldest save still running, then lets what follows it (the one due after it starting) happen. */
  const finishNext = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    finishers.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** Ends the oldest save still running, nothing more (under fake timers). */
  const finish = () => finishers.shift()!();
  return { save, started, finishNext, finish };
}

const POLICY = { quietMs: 60_000, everyUpdates: 10, minSpacingMs: 0 };

describe('VersionCheckpoints', () => {
  it('takes one checkpoint after the running one, however many came due meanwhile', async () => {
    const saves = controlledSaves();
    const checkpoints = new VersionCheckpoints(saves.save, silentLogger, POLICY);
    checkpoints.committed('a', 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(saves.started).toEqual(['a']);
    // Written far faster than it is saved: fifty more checkpoints come due while the first runs.
    for (let i = 0; i < 50; i++) checkpoints.committed('a', 10);
    checkpoints.unloaded('a');
    await saves.finishNext();
    expect(saves.started).toEqual(['a', 'a']);
    await saves.finishNext();
    expect(saves.started).toEqual(['a', 'a']);
  });

  it('keeps documents apart', async () => {
    const saves = controlledSaves();
    const checkpoints = new VersionCheckpoints(saves.save, silentLogger, POLICY);
    checkpoints.committed('a', 10);
    checkpoints.committed('b', 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(saves.started.sort()).toEqual(['a', 'b']);
  });

  it('flush waits for the checkpoint due after the running one', async () => {
    const saves = controlledSaves();
    const checkpoints = new VersionCheckpoints(saves.save, silentLogger, POLICY);
    checkpoints.committed('a', 10);
    checkpoints.committed('a', 10);
    let flushed = false;
    const flushing = checkpoints.flush().then(() => (flushed = true));
    await saves.finishNext();
    expect(saves.started).toEqual(['a', 'a']);
    expect(flushed).toBe(false);
    await saves.finishNext();
    await flushing;
    expect(flushed).toBe(true);
  });

  it('a failed checkpoint is logged and the next change takes another', async () => {
    let calls = 0;
    const checkpoints = new VersionCheckpoints(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database away');
      },
      silentLogger,
      POLICY,
    );
    checkpoints.committed('a', 10);
    await checkpoints.flush();
    checkpoints.committed('a', 10);
    await checkpoints.flush();
    expect(calls).toBe(2);
  });

  describe('spaced out when counted by updates', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('takes the next one once the spacing has passed since the last began, and at once after that', async () => {
      vi.useFakeTimers();
      const saves = controlledSaves();
      const checkpoints = new VersionCheckpoints(saves.save, silentLogger, { quietMs: 300_000, everyUpdates: 10, minSpacingMs: 60_000 });
      checkpoints.committed('a', 10);
      await vi.advanceTimersByTimeAsync(0);
      expect(saves.started).toEqual(['a']);
      saves.finish();
      // A document written without pause: due by count again every second of the minute.
      for (let second = 1; second < 60; second++) {
        await vi.advanceTimersByTimeAsync(1_000);
        checkpoints.committed('a', 10);
      }
      expect(saves.started).toEqual(['a']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(saves.started).toEqual(['a', 'a']);
      saves.finish();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(saves.started).toEqual(['a', 'a']);
      checkpoints.committed('a', 10);
      await vi.advanceTimersByTimeAsync(0);
      expect(saves.started).toEqual(['a', 'a', 'a']);
    });

    it('a quiet spell or an unload still takes it sooner', async () => {
      vi.useFakeTimers();
      const saves = controlledSaves();
      const checkpoints = new VersionCheckpoints(saves.save, silentLogger, { quietMs: 5_000, everyUpdates: 10, minSpacingMs: 60_000 });
      checkpoints.committed('a', 10);
      checkpoints.committed('b', 10);
      await vi.advanceTimersByTimeAsync(0);
      saves.finish();
      saves.finish();
      checkpoints.committed('a', 10);
      checkpoints.committed('b', 10);
      checkpoints.unloaded('b');
      await vi.advanceTimersByTimeAsync(0);
      expect(saves.started).toEqual(['a', 'b', 'b']);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(saves.started).toEqual(['a', 'b', 'b', 'a']);
    });
  });
});
