import { useState } from 'react';
import { RequestFailed, sessionRequest } from '../api.js';

/** Owners and admins bring past events from a CSV (occurred_at, name, then property columns); all rows or none. */
export function ImportEvents({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({ busy: false, message: null, error: null });
  async function send(file: File) {
    setState({ busy: true, message: null, error: null });
    try {
      type Answer = { data: { imported: number } | null; error?: { code: string; message: string; details?: { path: (string | number)[]; message: string }[] } };
      const init: RequestInit = { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file };
      const { response, body } = await sessionRequest(`/api/analytics/import?projectId=${encodeURIComponent(projectId)}`, init, async (response) => ({ response, body: (await response.json()) as Answer }));
      if (!response.ok || !body.data) throw new RequestFailed(response.status, body.error?.code ?? 'HTTP_ERROR', [body.error?.message, ...(body.error?.details ?? []).slice(0, 3).map((detail) => `row ${detail.path.at(-1)}: ${detail.message}`)].filter(Boolean).join(' '));
      setState({ busy: false, message: `Imported ${body.data.imported} events.`, error: null });
      onImported();
    } catch (error) {
      setState({ busy: false, message: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return (
    <div className="import-events">
      <label className="button">
        {state.busy ? 'Importing…' : 'Import CSV…'}
        <input
          type="file"
          accept=".csv,text/csv"
          hidden
          disabled={state.busy}
          data-testid="import-csv"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void send(file);
          }}
        />
      </label>
      {state.message && (
        <span className="notice" role="status">
          {state.message}
        </span>
      )}
      {state.error && (
        <span className="error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}
