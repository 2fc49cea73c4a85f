import { RequestFailed, api } from '../api.js';
import { LIMITS } from '../limits.js';
import { ACCEPTED_TYPES_TEXT, uploadTypeOf } from './accepted-types.js';
import { sendFile } from './send-file.js';
import { type AssetView, type CreatedUpload, isSettled } from './types.js';
import { knownUploadLimit, tooLargeText } from './upload-refusal.js';

/** Where an upload is: each step the person can see on its progress bar. */
export type UploadPhase =
  | { step: 'asking' }
  | { step: 'sending'; loaded: number; total: number }
  | { step: 'checking' }
  | { step: 'processing'; asset: AssetView }
  | { step: 'done'; asset: AssetView };

export interface UploadOptions {
  projectId: string;
  file: File;
  onPhase: (phase: UploadPhase) => void;
  signal?: AbortSignal;
  /** How often the asset is read while it is processed: often enough that a preview shows soon after it is made. */
  pollMs?: number;
  /** When to stop waiting for processing (the asset goes on, the list shows it when done). */
  patienceMs?: number;
  /** Runs once the server has verified the file, before processing ends (attaching it to an item needs no preview). */
  onVerified?: (asset: AssetView) => Promise<void>;
}

const projectPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

/** The name as the server takes it: at most 255 characters, keeping the extension that says what it is. */
export function uploadNameOf(name: string): string {
  const trimmed = name.trim() || 'file';
  if (trimmed.length <= LIMITS.uploadName.max) return trimmed;
  const dot = trimmed.lastIndexOf('.');
  const extension = dot > 0 && trimmed.length - dot <= 10 ? trimmed.slice(dot) : '';
  return `${trimmed.slice(0, LIMITS.uploadName.max - extension.length - 1)}…${extension}`;
}

/** Why `file` cannot go, known before asking the server; null when it may. */
export function refusalBeforeSending(projectId: string, file: File): string | null {
  if (!uploadTypeOf(file)) return `Not uploaded: “${file.name}” is not a file type the project keeps. Upload ${ACCEPTED_TYPES_TEXT}.`;
  if (file.size === 0) return `Not uploaded: “${file.name}” is empty.`;
  const maxBytes = knownUploadLimit(projectId);
  if (maxBytes !== null && file.size > maxBytes) return `Not uploaded: ${tooLargeText(file.name, file.size, maxBytes)}`;
  return null;
}

/** Waits `ms`, or less when the upload is cancelled meanwhile. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Uploads one file to a project: asks for an upload (the server checks size, type and quota
 * before a byte is sent), sends the file with progress, completes it (the server checks its
 * bytes), runs `onVerified`, then reads the asset until processing has finished. Resolves with the
 * asset as it last was (`ready`, `failed`, or still processing when patience ran out); rejects
 * with the refusal.
 */
export async function uploadFile({ projectId, file, onPhase, signal, onVerified, pollMs = 1_000, patienceMs = 180_000 }: UploadOptions): Promise<AssetView> {
  const refusal = refusalBeforeSending(projectId, file);
  const type = uploadTypeOf(file);
  if (refusal || !type) throw new RequestFailed(0, 'REFUSED_HERE', refusal ?? `Not uploaded: “${file.name}” is not a file type the project keeps.`);
  const base = projectPath(projectId);

  onPhase({ step: 'asking' });
  const created = (await api<CreatedUpload>('POST', `${base}/uploads`, { name: uploadNameOf(file.name), type, size: file.size })).data;
  onPhase({ step: 'sending', loaded: 0, total: file.size });
  await sendFile(created.upload, file, type, ({ loaded, total }) => onPhase({ step: 'sending', loaded, total }), signal);
  onPhase({ step: 'checking' });
  let asset = (await api<AssetView>('POST', `${base}/uploads/${encodeURIComponent(created.uploadId)}/complete`)).data;
  if (onVerified && asset.status !== 'failed') await onVerified(asset);

  const giveUpAt = Date.now() + patienceMs;
  while (!isSettled(asset.status) && Date.now() < giveUpAt && !signal?.aborted) {
    onPhase({ step: 'processing', asset });
    await pause(pollMs, signal);
    asset = (await api<AssetView>('GET', `${base}/assets/${encodeURIComponent(asset.id)}`)).data;
  }
  onPhase({ step: 'done', asset });
  return asset;
}
