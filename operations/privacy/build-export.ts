import { once } from 'node:events';
import archiver from 'archiver';
import type { Logger } from '../../platform/logger.js';
import { finishExport, setExportProgress, startExport } from '../../storage/data-exports.js';
import { readUploadedFiles } from '../../storage/personal-data.js';
import type { ExportDeps } from './export-deps.js';
import { PERSONAL_FILE_COUNT, collectPersonalData } from './collect-personal-data.js';

const DAY = 24 * 3_600_000;

const ABOUT = `This archive holds what studio-sync stores about you, one JSON file per kind of data:
profile, sessions, memberships, settings, audit (what you did, and changes about you), notifications,
votes, requests (and your comments on them), activity (changes you made in documents), analytics
(usage events your clients reported), test-accounts (which ones you created; never their secrets),
document-entries (cards, calendar events, comments, threads, replies and feedback you wrote, as they
are now), uploads (your files; their bytes are under files/). Password hashes, TOTP secrets, API-key
hashes, refresh tokens and the test-accounts vault are never exported.
`;

export type BuildOutcome = 'built' | 'finished-already';

/**
 * Builds the archive of one export: a ZIP of JSON files and the person's uploaded files, stored in
 * the blob store, then the export is marked ready with its expiry. Safe to run twice: a finished
 * export is left alone, and a rerun of an interrupted one rebuilds it under the same key.
 */
export async function buildExport(deps: Omit<ExportDeps, 'requestBuild' | 'downloadUrlTtlSeconds'> & { logger: Logger }, exportId: string): Promise<BuildOutcome> {
  const started = await startExport(deps.db, exportId);
  if (!started) return 'finished-already';
  const userId = started.userId;
  const uploads = await readUploadedFiles(deps.db, userId);
  const steps = PERSONAL_FILE_COUNT + uploads.length + 1;
  let done = 0;
  const step = async () => setExportProgress(deps.db, exportId, (++done / steps) * 100);

  const archive = archiver('zip', { zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  const add = async (body: string | NodeJS.ReadableStream, name: string) => {
    const added = once(archive, 'entry');
    archive.append(body as Parameters<typeof archive.append>[0], { name, date: started.startedAt ?? new Date() });
    await Promise.race([added, ended]);
  };

  await add(ABOUT, 'README.txt');
  for await (const file of collectPersonalData(deps.db, userId)) {
    await add(json(file.rows), `${file.name}.json`);
    await step();
  }
  let budget = deps.maxFileBytes;
  const listed: Record<string, unknown>[] = [];
  for (const upload of uploads) {
    const path = `files/${upload.id}/${safeName(upload.name)}`;
    let included: string | null = null;
    if (!upload.verified) included = `not stored (${upload.status})`;
    else if ((upload.size ?? 0) > budget) included = 'past EXPORT_MAX_FILE_BYTES';
    else {
      const stream = await deps.blobs.openRead(upload.storageKey);
      if (!stream) included = 'missing from storage';
      else {
        await add(stream, path);
        budget -= upload.size ?? 0;
      }
    }
    listed.push({ id: upload.id, projectId: upload.projectId, name: upload.name, type: upload.type, size: upload.size, createdAt: upload.createdAt, file: included === null ? path : null, notIncluded: included });
    await step();
  }
  await add(json(listed), 'uploads.json');
  await archive.finalize();
  await ended;

  const body = Buffer.concat(chunks);
  const storageKey = `exports/${userId}/${exportId}.zip`;
  await deps.blobs.put(storageKey, body, { contentType: 'application/zip' });
  const expiresAt = new Date(Date.now() + deps.linkDays * DAY);
  if (!(await finishExport(deps.db, exportId, { storageKey, size: body.length, expiresAt }))) {
    // Finished by another run meanwhile (or failed for good): this copy is not the one kept.
    deps.logger.warn({ exportId }, 'export finished elsewhere; keeping that archive');
    return 'finished-already';
  }
  deps.logger.info({ exportId, bytes: body.length, files: listed.length }, 'export built');
  return 'built';
}

function json(rows: unknown): string {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
}

/** A file name that cannot climb out of its folder in the archive or break an unzip. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^[. ]+/, '').slice(0, 120);
  return cleaned || 'file';
}
