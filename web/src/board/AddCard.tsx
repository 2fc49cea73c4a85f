import { type FormEvent, useState } from 'react';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';

/** The "Add a card" field at the foot of a column. */
export function AddCard({ onAdd }: { onAdd: (title: string) => boolean }) {
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget) || !title.trim()) return;
    if (onAdd(title.trim())) setTitle('');
  };
  return (
    <form className="add-card" onSubmit={submit}>
      <LimitedInput name="new-card" placeholder="Add a card" aria-label="New card title" limit={LIMITS.cardTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
    </form>
  );
}
