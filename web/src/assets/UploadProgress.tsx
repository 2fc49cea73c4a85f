import type { UploadPhase } from './upload-file.js';
import type { UploadJob } from './use-uploads.js';

/** The bar's value (0–100) and what it says: bytes while sending, the server's own measure while processing; none while waiting on the server. */
function progressOf(phase: UploadPhase): { value: number | null; text: string } {
  switch (phase.step) {
    case 'asking':
      return { value: null, text: 'Starting…' };
    case 'sending': {
      const percent = phase.total > 0 ? Math.round((phase.loaded / phase.total) * 100) : 0;
      return { value: percent, text: `Uploading ${percent} %` };
    }
    case 'checking':
      return { value: null, text: 'Checking the file…' };
    case 'processing':
      return { value: phase.asset.progress, text: phase.asset.status === 'processing' ? 'Making a preview…' : 'Waiting to make a preview…' };
    case 'done':
      return { value: 100, text: phase.asset.status === 'ready' ? 'Ready' : phase.asset.status === 'failed' ? 'Not processed' : 'Still processing: the list shows it when done' };
  }
}

/** Each upload of one place with a labelled progress bar; a refusal in words with Dismiss, a cancel while it sends. */
export function UploadProgress({ jobs, onCancel, onDismiss }: { jobs: UploadJob[]; onCancel: (key: string) => void; onDismiss: (key: string) => void }) {
  if (jobs.length === 0) return null;
  return (
    <ul className="upload-list" aria-label="Uploads">
      {jobs.map((job) => {
        const { value, text } = progressOf(job.phase);
        const labelId = `upload-${job.key}`;
        return (
          <li key={job.key} className={`upload${job.error ? ' upload-failed' : ''}`} data-testid="upload" data-step={job.error ? 'error' : job.phase.step}>
            <span className="upload-name" id={labelId}>
              {job.name}
            </span>
            {job.error ? (
              <p className="error upload-error" role="alert">
                {job.error}{' '}
                <button type="button" className="link" onClick={() => onDismiss(job.key)}>
                  Dismiss
                </button>
              </p>
            ) : (
              <>
                {/* No value while the server works out something of unknown length: the bar shows it is busy, not stuck at 0. */}
                <progress className="upload-bar" max={100} aria-label={`Upload of ${job.name}`} aria-describedby={`${labelId}-state`} {...(value === null ? {} : { value })} />
                <span className="upload-state" id={`${labelId}-state`} aria-live="polite">
                  {text}
                </span>
                {job.phase.step === 'sending' && (
                  <button type="button" className="link" aria-label={`Cancel the upload of ${job.name}`} onClick={() => onCancel(job.key)}>
                    Cancel
                  </button>
                )}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
