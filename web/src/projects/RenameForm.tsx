import { type FormEvent, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import type { Limit } from '../limits.js';

/**
 * A name edited in place: Save sends it, Cancel (or Escape) leaves it as it was. What the server
 * refuses (a 403 for a role that may not, a name too long) is shown beside the field.
 */
export function RenameForm({ name, label, initial, limit, onSave, onDone }: { name: string; label: string; initial: string; limit: Limit; onSave: (value: string) => Promise<void>; onDone: () => void }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    if (value.trim() === initial.trim()) return onDone();
    setBusy(true);
    setError(null);
    try {
      await onSave(value.trim());
      onDone();
    } catch (failure) {
      setError(failureText(failure, 'Could not rename it'));
      setBusy(false);
    }
  };
  return (
    <form className="inline-form rename-form" onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key === 'Escape' && onDone()}>
      <LimitedInput name={name} aria-label={label} required autoFocus limit={limit} value={value} onChange={(event) => setValue(event.target.value)} />
      <button className="button primary" type="submit" disabled={busy}>
        Save
      </button>
      <button className="button" type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
