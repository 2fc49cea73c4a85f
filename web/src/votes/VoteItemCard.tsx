import { useId, useState } from 'react';
import { STAGE_INFO } from '../pipeline/stages.js';
import { AggregateView } from './AggregateView.js';
import { ItemDetail } from './ItemDetail.js';
import type { VoteItem, VoteItemType, VoteOutcome } from './types.js';
import { VoteForm } from './VoteForm.js';

const TYPE_NAME: Record<VoteItemType, string> = { video: 'Video', script: 'Script', campaign: 'Campaign' };

/** How the item is named to a screen reader: a video and its script share a title, so the script says so. */
export const subjectOf = (item: VoteItem) => (item.itemType === 'script' ? `the script of ${item.title}` : item.title);

/** One votable item: what it is, its live numbers, the caller's vote (when they may vote) and, on request, its detail. */
export function VoteItemCard({ item, canVote, onVoted }: { item: VoteItem; canVote: boolean; onVoted: (outcome: VoteOutcome) => void }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const subject = subjectOf(item);
  return (
    <li className="vote-item" data-testid="vote-item" data-item-id={item.itemId} data-item-type={item.itemType} data-title={item.title}>
      <div className="vote-item-head">
        <span className={`chip vote-type-${item.itemType}`}>{TYPE_NAME[item.itemType]}</span>
        <h2 className="vote-item-title">{item.title}</h2>
        <span className="state">{STAGE_INFO[item.stage].name}</span>
      </div>
      <div className="vote-item-body">
        <AggregateView aggregate={item.aggregate} subject={subject} />
        {canVote && <VoteForm item={item} subject={subject} onVoted={onVoted} />}
      </div>
      <button type="button" className="link vote-detail-toggle" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)}>
        {/* One name whether open or not: aria-expanded says which, as a disclosure button should. */}
        Trend and feedback words
        <span aria-hidden="true">{open ? ' ▴' : ' ▾'}</span>
      </button>
      {open && <ItemDetail item={item} id={detailId} />}
    </li>
  );
}
