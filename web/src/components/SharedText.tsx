import { type KeyboardEvent, type ReactNode, useState } from 'react';
import { type Limit, checkLimit } from '../limits.js';
import { LimitedInput, LimitedTextarea } from './Limited.js';

/** What is typed and not yet written: null while the field shows the shared value. */
export type Draft = string | null;

/**
 * A text field bound to a value others may change meanwhile. It shows the shared value until
 * something is typed, then the typed draft, and writes it on blur (or Enter for one line). A
 * draft over its limit is not written: it stays, marked and explained, to be shortened (Escape
 * goes back to the shared value); so does one `onCommit` refuses (returns false). The draft can
 * live with the caller (`draft`/`onDraft`) so it outlasts the field, e.g. a closed card editor.
 */
export function SharedText({
  name,
  value,
  limit,
  label,
  disabled,
  multiline,
  placeholder,
  rows,
  draft: outerDraft,
  onDraft,
  onCommit,
}: {
  name: string;
  value: string;
  limit: Limit;
  label?: ReactNode;
  disabled?: boolean;
  multiline?: boolean;
  placeholder?: string;
  rows?: number;
  draft?: Draft;
  onDraft?: (draft: Draft) => void;
  /** Writes the value; false when it was refused (the draft then stays). */
  onCommit: (value: string) => boolean;
}) {
  const [innerDraft, setInnerDraft] = useState<Draft>(null);
  const draft = onDraft ? (outerDraft ?? null) : innerDraft;
  const setDraft = onDraft ?? setInnerDraft;
  const shown = draft ?? value;

  const commit = () => {
    if (draft === null) return;
    if (draft === value) return setDraft(null);
    if (checkLimit(draft, limit).over) return;
    if (onCommit(draft)) setDraft(null);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      setDraft(null);
    } else if (event.key === 'Enter' && !multiline) {
      event.preventDefault();
      event.currentTarget.blur();
    }
  };
  const common = {
    name,
    disabled,
    placeholder,
    label,
    limit,
    value: shown,
    onBlur: commit,
    onKeyDown: keys,
  };
  if (multiline) return <LimitedTextarea {...common} rows={rows} onChange={(e) => setDraft(e.target.value)} />;
  return <LimitedInput {...common} onChange={(e) => setDraft(e.target.value)} />;
}
