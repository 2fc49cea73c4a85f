import { useCallback, useMemo, useRef, useState } from 'react';
import { type UploadPhase, uploadFile } from './upload-file.js';
import type { AssetView } from './types.js';
import { uploadRefusalText } from './upload-refusal.js';

/** One file on its way: what the progress list shows. */
export interface UploadJob {
  key: string;
  name: string;
  /** What it is being uploaded for (a pipeline item's id), so each place shows only its own. */
  target: string;
  phase: UploadPhase;
  /** Why it stopped, in words; null while it goes or when it went. */
  error: string | null;
}

export interface StartUpload {
  target: string;
  /** Runs once the file is verified (attach it to an item); a failure there is the job's error. */
  onVerified?: (asset: AssetView) => Promise<void>;
  /** Runs when the upload has ended, however it ended (reload a list). */
  onSettled?: (asset: AssetView | null) => void;
}

export interface Uploads {
  jobs: UploadJob[];
  start: (files: Iterable<File>, options: StartUpload) => void;
  cancel: (key: string) => void;
  dismiss: (key: string) => void;
}

/** How long a finished upload stays in the list saying "Ready", before the list it went to shows it alone. */
const SHOW_DONE_MS = 4_000;

/**
 * The uploads of one screen: start files, follow each one's phase, cancel, dismiss a refusal.
 * Several go at once; each is its own job with its own progress bar.
 */
export function useUploads(projectId: string): Uploads {
  const [jobs, setJobs] = useState<UploadJob[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((key: string, change: Partial<UploadJob>) => setJobs((all) => all.map((job) => (job.key === key ? { ...job, ...change } : job))), []);
  const remove = useCallback((key: string) => setJobs((all) => all.filter((job) => job.key !== key)), []);

  const start = useCallback(
    (files: Iterable<File>, { target, onVerified, onSettled }: StartUpload) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        const controller = new AbortController();
        controllers.current.set(key, controller);
        setJobs((all) => [...all, { key, name: file.name, target, phase: { step: 'asking' }, error: null }]);
        void uploadFile({ projectId, file, signal: controller.signal, onPhase: (phase) => update(key, { phase }), ...(onVerified ? { onVerified } : {}) })
          .then((asset) => {
            if (asset.status === 'failed') update(key, { error: `“${file.name}” was kept but could not be processed: ${asset.reason ?? 'no reason given'}.` });
            else setTimeout(() => remove(key), SHOW_DONE_MS);
            onSettled?.(asset);
          })
          .catch((failure: unknown) => {
            update(key, { error: uploadRefusalText(projectId, file.name, failure) });
            onSettled?.(null);
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [projectId, update, remove],
  );

  const cancel = useCallback((key: string) => controllers.current.get(key)?.abort(), []);
  return useMemo(() => ({ jobs, start, cancel, dismiss: remove }), [jobs, start, cancel, remove]);
}
