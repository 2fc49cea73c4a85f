import { RequestFailed } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { ACCEPTED_TYPES_TEXT } from './accepted-types.js';
import { bytesText } from './bytes-text.js';

/**
 * The largest file each project's server said it takes, learnt from its first 413 ASSET_TOO_LARGE
 * (the API announces the limit nowhere else): later files over it are refused here, before
 * anything is asked or sent.
 */
const knownMaxBytes = new Map<string, number>();

export function knownUploadLimit(projectId: string): number | null {
  return knownMaxBytes.get(projectId) ?? null;
}

const numberIn = (details: unknown, key: string): number | null => {
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : null;
};
const stringIn = (details: unknown, key: string): string | null => {
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
};

export function tooLargeText(name: string, size: number, maxBytes: number): string {
  return `“${name}” is ${bytesText(size)}; files can be at most ${bytesText(maxBytes)}.`;
}

/** What a refused upload means, for people: the size limit, the quota and a type mismatch in words, else the server's own message. */
export function uploadRefusalText(projectId: string, name: string, failure: unknown): string {
  if (!(failure instanceof RequestFailed)) return failureText(failure, 'The upload did not work');
  const { code, details } = failure;
  if (code === 'ASSET_TOO_LARGE') {
    const maxBytes = numberIn(details, 'maxBytes');
    const size = numberIn(details, 'size');
    if (maxBytes !== null) knownMaxBytes.set(projectId, maxBytes);
    return maxBytes !== null && size !== null ? `Not uploaded: ${tooLargeText(name, size, maxBytes)}` : `Not uploaded: “${name}” is too large. ${failure.message}`;
  }
  if (code === 'ASSET_QUOTA_EXCEEDED') {
    const quota = numberIn(details, 'quotaBytes');
    const used = numberIn(details, 'usedBytes');
    return quota !== null && used !== null
      ? `Not uploaded: this project’s files may take ${bytesText(quota)} and ${bytesText(used)} is in use, so “${name}” does not fit. Delete files you no longer need, or ask an admin for more room.`
      : `Not uploaded: ${failure.message}`;
  }
  if (code === 'ASSET_TYPE_MISMATCH') {
    const detected = stringIn(details, 'detectedType');
    const declared = stringIn(details, 'declaredType');
    return `Not kept: “${name}” is named as ${declared ?? 'one type'} but its contents are ${detected ?? 'something else'}. Only ${ACCEPTED_TYPES_TEXT} can be uploaded.`;
  }
  if (code === 'SIGNED_URL_EXPIRED') return `Not uploaded: the upload of “${name}” took longer than its permission lasts. Try again.`;
  if (code === 'ABORTED') return `Upload of “${name}” cancelled.`;
  if (failure.status === 403 && code === 'FORBIDDEN') return `Not uploaded: ${failure.message}`;
  return failureText(failure, 'The upload did not work');
}
