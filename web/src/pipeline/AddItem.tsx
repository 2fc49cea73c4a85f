import { type FormEvent, useState } from 'react';
import { addItem } from '../../../documents/pipeline/pipeline.js';
import type { ItemEntry } from '../../../documents/pipeline/schema.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { newId, usePipeline } from './context.js';

const TYPES: { value: ItemEntry['type']; label: string }[] = [
  { value: 'video', label: 'Video' },
  { value: 'campaign', label: 'Campaign' },
];

/** A new video or campaign, into Idea. */
export function AddItem() {
  const { doc, run } = usePipeline();
  const [title, setTitle] = useState('');
  const [type, setType] = useState<ItemEntry['type']>('video');
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    if (run(() => addItem(doc, { id: newId(), type, title }))) setTitle('');
  };
  return (
    <form className="inline-form" onSubmit={add}>
      <select name="item-type" aria-label="Item type" value={type} onChange={(event) => setType(TYPES.find((option) => option.value === event.target.value)?.value ?? 'video')}>
        {TYPES.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <LimitedInput name="item-title" placeholder="New idea" aria-label="New idea title" required limit={LIMITS.itemTitle} value={title} onChange={(event) => setTitle(event.target.value)} />
      <button className="button primary" type="submit">
        Add
      </button>
    </form>
  );
}
