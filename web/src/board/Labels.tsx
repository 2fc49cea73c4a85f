import { type FormEvent, useState } from 'react';
import { type CardView, updateCard } from '../../../documents/kanban/board.js';
import { CARD_LIST_MAX_ITEMS } from '../../../documents/kanban/schema.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS, checkLimit, listItems } from '../limits.js';
import { useBoard } from './context.js';
import { labelColour, labelColourIndex } from './labels.js';

/** A label in its colour (from its name). */
export function LabelChip({ label, onRemove }: { label: string; onRemove?: () => void }) {
  const colour = labelColour(label);
  return (
    <span className="label-chip" style={{ background: colour.background, color: colour.color }} data-colour={labelColourIndex(label)} data-label={label}>
      {label}
      {onRemove && (
        <button type="button" className="chip-remove" aria-label={`Remove label ${label}`} onClick={onRemove} style={{ color: colour.color }}>
          ×
        </button>
      )}
    </span>
  );
}

/** A card's labels: free text, added one at a time (or a few, separated by commas), removed with ×. */
export function Labels({ card }: { card: CardView }) {
  const { doc, readOnly, run } = useBoard();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const set = (labels: string[]) => run(() => updateCard(doc, card.id, { labels }));

  const add = () => {
    const wanted = listItems(typed, ',').filter((label) => !card.labels.includes(label));
    if (wanted.length === 0) return setTyped('');
    if (checkLimit(typed, LIMITS.cardLabels).over) return;
    const labels = [...card.labels, ...new Set(wanted)];
    if (labels.length > CARD_LIST_MAX_ITEMS) return setProblem(`A card can have at most ${CARD_LIST_MAX_ITEMS} labels.`);
    setProblem(null);
    if (set(labels)) setTyped('');
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!refuseInvalid(event.currentTarget)) add();
  };

  return (
    <div className="field-group labels" data-testid="labels">
      <span className="field-label" id={`labels-${card.id}`}>
        Labels
      </span>
      {card.labels.length === 0 && readOnly ? (
        <p className="muted small">None</p>
      ) : (
        <ul className="chips" aria-labelledby={`labels-${card.id}`}>
          {card.labels.map((label) => (
            <li key={label}>
              <LabelChip label={label} onRemove={readOnly ? undefined : () => set(card.labels.filter((other) => other !== label))} />
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form className="inline-add" onSubmit={submit}>
          <LimitedInput name="card-labels" label="Add a label" placeholder="e.g. design" autoComplete="off" limit={LIMITS.cardLabels} value={typed} onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }} onBlur={add} />
        </form>
      )}
      {problem && (
        <p className="error small" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
