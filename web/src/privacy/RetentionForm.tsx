import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';

type Kind = 'auditDays' | 'notificationDays' | 'analyticsRawDays';
interface Retention {
  settings: Record<Kind, number | null>;
  effective: Record<Kind, number | null>;
  bounds: Record<Kind, { min: number; max: number }>;
}

const LABELS: Record<Kind, string> = { auditDays: 'Audit log', notificationDays: 'Notifications', analyticsRawDays: 'Raw analytics events' };
const KINDS = Object.keys(LABELS) as Kind[];

/** How long the project keeps what (owners and admins): days per kind, empty for the default. */
export function RetentionForm({ projectId }: { projectId: string }) {
  const path = `/api/projects/${encodeURIComponent(projectId)}/retention`;
  const [retention, setRetention] = useState<Retention | null>(null);
  const [draft, setDraft] = useState<Record<Kind, string>>({ auditDays: '', notificationDays: '', analyticsRawDays: '' });
  const [message, setMessage] = useState<string | null>(null);

  const show = (value: Retention) => {
    setRetention(value);
    setDraft({ auditDays: String(value.settings.auditDays ?? ''), notificationDays: String(value.settings.notificationDays ?? ''), analyticsRawDays: String(value.settings.analyticsRawDays ?? '') });
  };
  useEffect(() => {
    api<Retention>('GET', path)
      .then((reply) => show(reply.data))
      .catch((failure: unknown) => setMessage(failureText(failure, 'Could not load the retention')));
  }, [path]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const body = Object.fromEntries(KINDS.map((kind) => [kind, draft[kind].trim() === '' ? null : Number(draft[kind])]));
      show((await api<Retention>('PUT', path, body)).data);
      setMessage('Saved. The daily job applies it.');
    } catch (failure) {
      setMessage(failureText(failure, 'Could not change the retention'));
    }
  };

  if (!retention) return message ? <p className="error">{message}</p> : null;
  return (
    <form className="retention-form" data-testid="retention-form" onSubmit={(event) => void save(event)} aria-labelledby="retention-title">
      <h2 id="retention-title">Data retention</h2>
      {KINDS.map((kind) => (
        <label key={kind}>
          {LABELS[kind]} (days)
          <input
            type="number"
            name={kind}
            min={retention.bounds[kind].min}
            max={retention.bounds[kind].max}
            step={1}
            placeholder={retention.effective[kind] === null ? 'kept' : `default ${retention.effective[kind]}`}
            value={draft[kind]}
            onChange={(e) => setDraft({ ...draft, [kind]: e.target.value })}
          />
        </label>
      ))}
      <button className="button" type="submit">
        Save retention
      </button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
