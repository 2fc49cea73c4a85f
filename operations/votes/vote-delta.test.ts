import { describe, expect, it } from 'vitest';
import { type CountedVote, voteDeltas } from './vote-delta.js';

const vote = (overrides: Partial<CountedVote> = {}): CountedVote => ({ itemKey: 'p.v:video', itemType: 'video', campaignKey: 'p.c', rating: 2, day: '2026-12-01', sentiment: null, ...overrides });

describe('vote deltas', () => {
  it('a first vote adds one to its bucket in every scope and on its day', () => {
    const deltas = voteDeltas(null, vote({ rating: 4 }));
    expect(deltas.aggregates.map((d) => [d.scope, d.key, d.count, d.ratingSum, d.buckets])).toEqual([
      ['campaign', 'p.c', 1, 4, [0, 0, 0, 1, 0]],
      ['item', 'p.v:video', 1, 4, [0, 0, 0, 1, 0]],
      ['type', 'video', 1, 4, [0, 0, 0, 1, 0]],
    ]);
    expect(deltas.daily.map((d) => [d.scope, d.day, d.count, d.ratingSum])).toEqual([
      ['campaign', '2026-12-01', 1, 4],
      ['item', '2026-12-01', 1, 4],
      ['type', '2026-12-01', 1, 4],
    ]);
  });

  it('a replacement moves the vote between buckets, days and campaigns and keeps the count', () => {
    const deltas = voteDeltas(vote({ rating: 2, day: '2026-11-30' }), vote({ rating: 5, campaignKey: null }));
    const item = deltas.aggregates.find((d) => d.scope === 'item')!;
    expect([item.count, item.ratingSum, item.buckets]).toEqual([0, 3, [0, -1, 0, 0, 1]]);
    expect(deltas.aggregates.find((d) => d.scope === 'campaign')).toMatchObject({ key: 'p.c', count: -1, ratingSum: -2, buckets: [0, -1, 0, 0, 0] });
    expect(deltas.daily.filter((d) => d.scope === 'item').map((d) => [d.day, d.count, d.ratingSum])).toEqual([
      ['2026-11-30', -1, -2],
      ['2026-12-01', 1, 5],
    ]);
  });

  it('the same vote again changes no count, but still lists its scopes (their versions move)', () => {
    const deltas = voteDeltas(vote(), vote());
    expect(deltas.aggregates).toHaveLength(3);
    expect(deltas.aggregates.every((d) => d.count === 0 && d.ratingSum === 0 && d.buckets.every((b) => b === 0))).toBe(true);
    expect(deltas.daily).toEqual([]);
    expect(deltas.terms).toEqual([]);
  });

  it('feedback moves sentiment and terms, and only the terms that changed', () => {
    const before = vote({ sentiment: { score: -3, comparative: -1, positive: [], negative: ['boring'] } });
    const after = vote({ sentiment: { score: 3, comparative: 1, positive: ['great'], negative: ['boring'] } });
    const deltas = voteDeltas(before, after);
    expect(deltas.aggregates.find((d) => d.scope === 'item')).toMatchObject({ feedbackCount: 0, sentimentSum: 6, comparativeSum: 2 });
    expect(deltas.terms).toEqual([{ key: 'p.v:video', polarity: 'positive', term: 'great', uses: 1 }]);
    expect(voteDeltas(after, vote()).aggregates.find((d) => d.scope === 'type')).toMatchObject({ feedbackCount: -1, sentimentSum: -3 });
  });

  it('lists rows in one global order, whatever order the votes touch them', () => {
    const a = voteDeltas(vote({ itemKey: 'z.v:video', campaignKey: 'a.c' }), vote({ itemKey: 'z.v:video', campaignKey: 'b.c', day: '2026-01-01' }));
    const keys = a.aggregates.map((d) => `${d.scope}\u0000${d.key}`);
    expect(keys).toEqual([...keys].sort());
    const days = a.daily.map((d) => `${d.scope}\u0000${d.key}\u0000${d.day}`);
    expect(days).toEqual([...days].sort());
  });
});
