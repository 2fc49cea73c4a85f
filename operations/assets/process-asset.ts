import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { type DerivedFiles, type StoredAsset, claimProcessing, finishProcessing } from '../../storage/assets.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { posterKeyOf, thumbnailKeyOf } from './asset-keys.js';
import { kindOf } from './asset-types.js';
import { frameToWebp, imagePreview } from './media/image-preview.js';
import { MediaError, MissingToolError } from './media/media-error.js';
import { pdfFirstPage } from './media/pdf-preview.js';
import { type VideoTools, videoPreview } from './media/video-preview.js';

export interface ProcessingDeps {
  db: Queryable;
  blobs: BlobStore;
  logger: Logger;
  /** ASSET_MAX_IMAGE_PIXELS: larger images fail as possible decompression bombs. */
  maxImagePixels: number;
  video: VideoTools;
  /** poppler's pdftoppm for PDF first pages ('pdftoppm' on the PATH when not given). */
  pdf?: { pdftoppmPath: string } | undefined;
}

export type ProcessingResult = { outcome: 'nothing-to-do' } | { outcome: 'ready' | 'failed'; reason: string | null; finishedHere: boolean };

const POSTER_WIDTH = 1280;

/**
 * Makes an asset's previews: a thumbnail for images (sharp), a poster frame, duration and
 * dimensions for videos (ffprobe, ffmpeg), the first page for PDFs (pdftoppm). Safe to run twice: it claims `uploaded` or a
 * `processing` left behind by a worker that died, writes previews under keys fixed by the asset
 * (a second run overwrites the same files), and only the first run to finish moves the asset to
 * `ready` or `failed`. A file that cannot be previewed fails with its reason; a missing ffmpeg
 * (or pdftoppm) leaves a video (or PDF) `ready` without preview; storage errors are thrown for the job to retry.
 */
export async function processAsset(deps: ProcessingDeps, assetId: string): Promise<ProcessingResult> {
  const asset = await claimProcessing(deps.db, assetId);
  if (!asset) return { outcome: 'nothing-to-do' };
  const finish = async (status: 'ready' | 'failed', reason: string | null, derived: DerivedFiles): Promise<ProcessingResult> => {
    const finishedHere = await finishProcessing(deps.db, asset.id, { status, reason, derived });
    return { outcome: status, reason, finishedHere };
  };
  const kind = kindOf(asset.detectedType ?? '');
  if (kind === null) return finish('failed', `no processing for files of type ${asset.detectedType ?? 'unknown'}`, {});

  const workDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'studio-sync-asset-'));
  try {
    const file = path.join(workDir, 'original');
    if (!(await copyToFile(deps.blobs, asset, file))) return finish('failed', 'the file is no longer in storage', {});
    try {
      const derived = kind === 'image' ? await imageDerived(deps, asset, file) : kind === 'video' ? await videoDerived(deps, asset, file, workDir) : await documentDerived(deps, asset, file, workDir);
      return finish('ready', derived.reason, derived.files);
    } catch (error) {
      if (error instanceof MediaError) return finish('failed', error.reason, {});
      throw error;
    }
  } finally {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The last attempt failed for a reason that is not the file's (storage kept failing): the asset
 * is failed rather than left `processing` for ever.
 */
export async function giveUpProcessing(db: Queryable, assetId: string, reason: string): Promise<void> {
  await finishProcessing(db, assetId, { status: 'failed', reason: `processing kept failing: ${reason}`, derived: {} });
}

async function imageDerived(deps: ProcessingDeps, asset: StoredAsset, file: string): Promise<{ files: DerivedFiles; reason: string | null }> {
  const preview = await imagePreview(file, deps.maxImagePixels);
  const thumbnailKey = thumbnailKeyOf(asset.projectId, asset.id);
  await deps.blobs.put(thumbnailKey, preview.thumbnail, { contentType: 'image/webp' });
  return { files: { thumbnailKey, width: preview.width, height: preview.height }, reason: null };
}

async function videoDerived(deps: ProcessingDeps, asset: StoredAsset, file: string, workDir: string): Promise<{ files: DerivedFiles; reason: string | null }> {
  let preview;
  try {
    preview = await videoPreview(file, deps.video, workDir);
  } catch (error) {
    if (error instanceof MissingToolError) return { files: {}, reason: `no preview: ${error.tool === 'ffprobe' ? 'ffmpeg (ffprobe)' : 'ffmpeg'} not installed` };
    throw error;
  }
  const files: DerivedFiles = {
    ...(preview.width !== null ? { width: preview.width } : {}),
    ...(preview.height !== null ? { height: preview.height } : {}),
    ...(preview.durationSeconds !== null ? { durationSeconds: preview.durationSeconds } : {}),
  };
  if (!preview.frame) return { files, reason: 'no preview: the video has no picture' };
  const posterKey = posterKeyOf(asset.projectId, asset.id);
  const thumbnailKey = thumbnailKeyOf(asset.projectId, asset.id);
  await deps.blobs.put(posterKey, await frameToWebp(preview.frame, POSTER_WIDTH), { contentType: 'image/webp' });
  const thumbnail = await imagePreview(preview.frame, deps.maxImagePixels);
  await deps.blobs.put(thumbnailKey, thumbnail.thumbnail, { contentType: 'image/webp' });
  return { files: { ...files, posterKey, thumbnailKey }, reason: null };
}

/** A PDF's first page, rendered by pdftoppm: a poster (the page at poster size) and a thumbnail, as for videos. */
async function documentDerived(deps: ProcessingDeps, asset: StoredAsset, file: string, workDir: string): Promise<{ files: DerivedFiles; reason: string | null }> {
  let page: Buffer;
  try {
    page = await pdfFirstPage(file, deps.pdf?.pdftoppmPath ?? 'pdftoppm', workDir);
  } catch (error) {
    if (error instanceof MissingToolError) return { files: {}, reason: 'no preview: pdftoppm not installed' };
    throw error;
  }
  const thumbnail = await imagePreview(page, deps.maxImagePixels);
  const posterKey = posterKeyOf(asset.projectId, asset.id);
  const thumbnailKey = thumbnailKeyOf(asset.projectId, asset.id);
  await deps.blobs.put(posterKey, await frameToWebp(page, POSTER_WIDTH), { contentType: 'image/webp' });
  await deps.blobs.put(thumbnailKey, thumbnail.thumbnail, { contentType: 'image/webp' });
  // The rendered page's size: its proportions are the page's.
  return { files: { posterKey, thumbnailKey, width: thumbnail.width, height: thumbnail.height }, reason: null };
}

/** Streams the stored file to a temporary file (sharp and ffmpeg read files; memory stays flat). */
async function copyToFile(blobs: BlobStore, asset: StoredAsset, file: string): Promise<boolean> {
  const body = await blobs.openRead(asset.storageKey);
  if (!body) return false;
  await pipeline(body, fs.createWriteStream(file));
  return true;
}
