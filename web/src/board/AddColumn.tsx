import { type FormEvent, useState } from 'react';
import { addColumn } from '../../../documents/kanban/board.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { newId, useBoard } from './context.js';
import { BOARD_LIMITS } from './limits.js';

/** The last place on the board: a new column goes at the end. */
export function AddColumn() {
  const { doc, run, announce } = useBoard();
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (refuseInvalid(event.currentTarget) || !trimmed) return;
    if (run(() => addColumn(doc, { id: newId(), title: trimmed }))) {
      setTitle('');
      announce(`Added the column “${trimmed}”.`);
    }
  };
  return (
    <form className="add-column" onSubmit={submit} data-testid="add-column">
      <LimitedInput name="new-column" label="Add a column" placeholder="Column title" limit={BOARD_LIMITS.columnTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
      <button type="submit" className="button">
        Add column
      </button>
    </form>
  );
}
