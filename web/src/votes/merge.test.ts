import { describe, expect, it } from 'vitest';
import { mergeReloaded, newerAggregate, updateItem } from './merge.js';
import { onVotesPush, receiveVotes, type PushedVotes } from './push.js';
import type { Aggregate, VoteItem } from './types.js';

const aggregate = (version: number, count: number): Aggregate => ({
  count,
  mean: count ? 3 : null,
  distribution: { '1': 0, '2': 0, '3': count, '4': 0, '5': 0 },
  sentiment: { feedbackCount: 0, meanScore: null, meanComparative: null },
  version,
  updatedAt: null,
});
const item = (itemType: VoteItem['itemType'], version: number, count: number): VoteItem => ({
  itemId: 'p.pipe.e1',
  itemType,
  projectId: 'p',
  pipelineId: 'pipe',
  entryId: 'e1',
  title: 'Teaser',
  stage: 'idea',
  aggregate: aggregate(version, count),
  myVote: null,
});

describe('the hub keeps the newest numbers, whatever order they arrive in', () => {
  it('keeps the higher version of an aggregate', () => {
    expect(newerAggregate(aggregate(3, 3), aggregate(2, 2)).version).toBe(3);
    expect(newerAggregate(aggregate(2, 2), aggregate(3, 3)).version).toBe(3);
  });

  it('a reload older than a push does not undo it; a video and its script are separate items', () => {
    const shown = [item('video', 5, 5), item('script', 1, 1)];
    const merged = mergeReloaded(shown, [item('video', 4, 4), item('script', 2, 2)]);
    expect(merged.map((entry) => [entry.itemType, entry.aggregate.version])).toEqual([
      ['video', 5],
      ['script', 2],
    ]);
    const updated = updateItem(merged, { itemId: 'p.pipe.e1', itemType: 'script' }, (entry) => ({ ...entry, title: 'changed' }));
    expect(updated.map((entry) => entry.title)).toEqual(['Teaser', 'changed']);
  });

  it('hands on well-formed vote pushes and drops malformed ones', () => {
    const heard: PushedVotes[] = [];
    const stop = onVotesPush((pushed) => heard.push(pushed));
    receiveVotes({ type: 'votes', projectId: 'p', itemId: 'p.pipe.e1', itemType: 'video', aggregate: aggregate(1, 1) });
    receiveVotes({ type: 'votes', projectId: 'p', itemId: 'p.pipe.e1', itemType: 'poem', aggregate: aggregate(2, 1) });
    receiveVotes({ type: 'votes', projectId: 'p', itemId: 'p.pipe.e1', itemType: 'video', aggregate: { count: 'many' } });
    stop();
    expect(heard.map((pushed) => pushed.aggregate.version)).toEqual([1]);
  });
});
