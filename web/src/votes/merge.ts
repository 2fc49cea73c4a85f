import { type Aggregate, type Vote, type VoteItem, itemKey } from './types.js';

/** Of two copies of an item's aggregate, the newer: pushes, replies and reloads may arrive in any order. */
export const newerAggregate = (held: Aggregate, arrived: Aggregate): Aggregate => (arrived.version > held.version ? arrived : held);

/** Of two copies of the caller's vote, the later: a reload that left before their vote must not undo it on screen. */
const laterVote = (held: Vote | null, arrived: Vote | null): Vote | null => (held && (!arrived || held.timestamp > arrived.timestamp) ? held : arrived);

/** A freshly loaded list, keeping any aggregate (and own vote) already shown that is newer than the reload's. */
export function mergeReloaded(shown: readonly VoteItem[], reloaded: readonly VoteItem[]): VoteItem[] {
  const byKey = new Map(shown.map((item) => [itemKey(item), item]));
  return reloaded.map((item) => {
    const held = byKey.get(itemKey(item));
    return held ? { ...item, aggregate: newerAggregate(held.aggregate, item.aggregate), myVote: laterVote(held.myVote, item.myVote) } : item;
  });
}

/** The list with one item changed (by item id and type); others untouched. */
export function updateItem(items: readonly VoteItem[], target: { itemId: string; itemType: VoteItem['itemType'] }, change: (item: VoteItem) => VoteItem): VoteItem[] {
  const key = itemKey(target);
  return items.map((item) => (itemKey(item) === key ? change(item) : item));
}
