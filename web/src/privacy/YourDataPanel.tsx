import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';

interface DataExport {
  id: string;
  status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
  progress: number;
  size: number | null;
  error: string | null;
  expiresAt: string | null;
  downloadPath: string | null;
}

const POLL_MS = 1_000;
const working = (item: DataExport | null) => item?.status === 'pending' || item?.status === 'running';

/** "Your data": export everything the server keeps about you, watch it being built, download it. */
export function YourDataPanel() {
  const [latest, setLatest] = useState<DataExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<DataExport[]>('GET', '/api/me/exports')
      .then((reply) => setLatest(reply.data[0] ?? null))
      .catch((failure: unknown) => setError(failureText(failure, 'Could not load your exports')));
  }, []);

  // While it is being built, its progress is asked for every second.
  useEffect(() => {
    if (!latest || !working(latest)) return;
    const timer = setTimeout(() => {
      api<DataExport>('GET', `/api/me/exports/${latest.id}`)
        .then((reply) => setLatest(reply.data))
        .catch((failure: unknown) => setError(failureText(failure, 'Could not follow your export')));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [latest]);

  const start = async () => {
    setError(null);
    try {
      setLatest((await api<DataExport>('POST', '/api/me/export')).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not start the export'));
    }
  };
  const download = async (item: DataExport) => {
    setError(null);
    try {
      const reply = await api<{ url: string }>('GET', item.downloadPath!);
      window.location.assign(reply.data.url);
    } catch (failure) {
      setError(failureText(failure, 'Could not download the export'));
    }
  };

  return (
    <section className="your-data" aria-labelledby="your-data-title">
      <h2 id="your-data-title">Your data</h2>
      <p>A ZIP of everything stored about you: profile, sign-ins, memberships, activity, comments, votes, requests, notifications and your uploaded files. Secrets are never included.</p>
      <button className="button" type="button" data-testid="export-my-data" disabled={working(latest)} onClick={() => void start()}>
        Export my data
      </button>
      {latest && working(latest) && (
        <p role="status" data-testid="export-progress">
          Preparing your archive… <progress max={100} value={latest.progress} aria-label="Export progress" /> {latest.progress}%
        </p>
      )}
      {latest?.status === 'ready' && (
        <p role="status" data-testid="export-ready">
          Ready{latest.size !== null ? ` (${Math.ceil(latest.size / 1024)} KiB)` : ''}.{' '}
          <button className="link" type="button" data-testid="export-download" onClick={() => void download(latest)}>
            Download
          </button>{' '}
          until {latest.expiresAt ? new Date(latest.expiresAt).toLocaleString() : 'it expires'}.
        </p>
      )}
      {latest?.status === 'expired' && <p>Your last export has expired; export again for a fresh copy.</p>}
      {latest?.status === 'failed' && <p className="error">The export failed: {latest.error ?? 'unknown error'}. Try again.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
