import { type FormEvent, useState } from 'react';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { OperationError, operationErrorText } from '../components/operation-error.js';
import { LIMITS } from '../limits.js';
import { nameVersion } from './history-api.js';
import type { HistoryTarget, Version } from './types.js';

/**
 * Saves the document as it is now under a name, kept as long as the document (automatic
 * checkpoints are pruned after a while). The server decides who may: its refusal shows here.
 */
export function SaveVersionForm({ target, onSaved }: { target: HistoryTarget; onSaved: (version: Version) => void }) {
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (submit: FormEvent<HTMLFormElement>) => {
    submit.preventDefault();
    if (busy || refuseInvalid(submit.currentTarget)) return;
    const name = label.trim();
    if (name === '') return setError('Not saved: a version needs a name.');
    setBusy(true);
    setSaved(null);
    try {
      const version = await nameVersion(target, name);
      setLabel('');
      setError(null);
      setSaved(`Saved this version as “${version.label ?? name}”.`);
      onSaved(version);
    } catch (caught) {
      setError(operationErrorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="history-save">
      <form className="history-save-form" onSubmit={(submit) => void save(submit)} data-testid="history-save">
        <LimitedInput name="version-label" label="Name this version" limit={LIMITS.versionLabel} value={label} placeholder="e.g. Before the client review" onChange={(change) => setLabel(change.target.value)} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save this version'}
        </button>
      </form>
      <OperationError error={error} onDismiss={() => setError(null)} />
      {/* Always there, so that what appears in it is announced. */}
      <p className="history-saved ok" role="status" data-testid="history-saved">
        {saved}
      </p>
    </div>
  );
}
