import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';

type Cadence = 'weekly' | 'monthly';

interface Subscription {
  cadence: Cadence | null;
  nextDueAt: string | null;
}

/** "Email me this dashboard": each member chooses for themselves, weekly (Mondays) or monthly (the 1st). */
export function ReportEmails({ projectId }: { projectId: string }) {
  const [subscription, setSubscription] = useState<Subscription | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<Subscription>('GET', `/api/analytics/reports?projectId=${encodeURIComponent(projectId)}`)
      .then((reply) => setSubscription(reply.data))
      .catch(() => setSubscription({ cadence: null, nextDueAt: null }));
  }, [projectId]);
  if (!subscription) return null;
  async function choose(cadence: Cadence | null) {
    try {
      setSubscription((await api<Subscription>('PUT', '/api/analytics/reports', { projectId, cadence })).data);
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'The report setting did not change'));
    }
  }
  return (
    <div className="report-emails">
      <label>
        Email me this dashboard{' '}
        <select value={subscription.cadence ?? 'never'} onChange={(event) => void choose(event.target.value === 'never' ? null : (event.target.value as Cadence))} data-testid="report-cadence">
          <option value="never">never</option>
          <option value="weekly">every Monday</option>
          <option value="monthly">on the 1st of each month</option>
        </select>
      </label>
      {subscription.nextDueAt && (
        <span className="muted" data-testid="next-report">
          Next: {new Date(subscription.nextDueAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
