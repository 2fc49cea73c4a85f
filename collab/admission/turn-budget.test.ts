import { describe, expect, it } from 'vitest';
import { nextTurn, turnSpent } from './turn-budget.js';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('turn budget', () => {
  it('is spent after a few milliseconds of work in one turn, and fresh after the event loop has had a turn', async () => {
    await nextTurn();
    expect(turnSpent()).toBe(false);
    busy(10);
    expect(turnSpent()).toBe(true);
    await Promise.resolve();
    expect(turnSpent()).toBe(true);
    await nextTurn();
    expect(turnSpent()).toBe(false);
  });

  it('lets a timer run in the middle of a long burst that checks it', async () => {
    let slice = 0;
    let timerRanAt = -1;
    await nextTurn();
    setTimeout(() => (timerRanAt = slice), 1);
    for (; slice < 30; slice++) {
      if (turnSpent()) await nextTurn();
      busy(1);
    }
    expect(timerRanAt).toBeGreaterThan(0);
    expect(timerRanAt).toBeLessThan(30);
  });
});
