import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uploadedAssetUrl, uploadedAssetIdOf as serverAssetIdOf } from '../operations/assets/uploaded-asset-url.js';
import { formatItemId } from '../operations/item-id.js';
import { RequestFailed } from '../web/src/api.js';
import { itemRestId, uploadedAssetIdOf } from '../web/src/assets/attach-to-item.js';
import { linksOf } from '../web/src/assets/attached-places.js';
import { bytesText } from '../web/src/assets/bytes-text.js';
import { refusalBeforeSending } from '../web/src/assets/upload-file.js';
import { knownUploadLimit, uploadRefusalText } from '../web/src/assets/upload-refusal.js';

/** The web client's upload helpers (web/src/assets/) that need no browser: refusals in words, and the server's naming of items and files. */
describe('the web client’s uploads', () => {
  const file = (name: string, size: number, type: string) => ({ name, size, type }) as File;

  it('says why the server refused, and remembers the size limit a 413 told, to refuse larger files before asking', () => {
    const projectId = randomUUID();
    expect(knownUploadLimit(projectId)).toBeNull();
    const tooLarge = new RequestFailed(413, 'ASSET_TOO_LARGE', 'A file may be at most 2000000 bytes.', { maxBytes: 2_000_000, size: 5_000_000 });
    expect(uploadRefusalText(projectId, 'cut.mp4', tooLarge)).toBe('Not uploaded: “cut.mp4” is 4.8 MB; files can be at most 1.9 MB.');
    expect(knownUploadLimit(projectId)).toBe(2_000_000);
    expect(refusalBeforeSending(projectId, file('big.mp4', 3_000_000, 'video/mp4'))).toBe('Not uploaded: “big.mp4” is 2.9 MB; files can be at most 1.9 MB.');
    expect(refusalBeforeSending(projectId, file('small.mp4', 1_000, 'video/mp4'))).toBeNull();
    // Another project's limit is its own.
    expect(refusalBeforeSending(randomUUID(), file('big.mp4', 3_000_000, 'video/mp4'))).toBeNull();

    const quota = new RequestFailed(413, 'ASSET_QUOTA_EXCEEDED', 'over', { quotaBytes: 3_000_000, usedBytes: 2_500_000, size: 1_000_000 });
    expect(uploadRefusalText(projectId, 'b.mp4', quota)).toMatch(/^Not uploaded: this project’s files may take 2.9 MB and 2.4 MB is in use, so “b.mp4” does not fit\./);
    const mismatch = new RequestFailed(422, 'ASSET_TYPE_MISMATCH', 'no', { declaredType: 'image/png', detectedType: 'application/x-msdownload' });
    expect(uploadRefusalText(projectId, 'holiday.png', mismatch)).toMatch(/^Not kept: “holiday.png” is named as image\/png but its contents are application\/x-msdownload\./);
    // Anything else: the server's own words.
    expect(uploadRefusalText(projectId, 'x.png', new RequestFailed(403, 'FORBIDDEN', 'You may not do that.'))).toBe('Not uploaded: You may not do that.');
    expect(uploadRefusalText(projectId, 'x.png', new RequestFailed(409, 'UPLOAD_NOT_RECEIVED', 'The file has not arrived.'))).toBe('The file has not arrived.');
    expect(refusalBeforeSending(projectId, file('notes.txt', 10, 'text/plain'))).toMatch(/is not a file type the project keeps/);
    expect(refusalBeforeSending(projectId, file('empty.png', 0, 'image/png'))).toBe('Not uploaded: “empty.png” is empty.');
  });

  it('names items and uploaded files as the server does', () => {
    const projectId = randomUUID();
    expect(itemRestId(projectId, 'pipe_1', 'item-2')).toBe(formatItemId({ projectId, documentId: 'pipe_1', entryId: 'item-2' }));
    const assetId = randomUUID();
    for (const url of [uploadedAssetUrl(assetId), 'https://example.com/cut.mp4', 'asset:../../etc', `asset:${assetId}x`]) expect(uploadedAssetIdOf(url), url).toBe(serverAssetIdOf(url));
  });

  it('reads where a file is attached from a 409, ignoring anything else', () => {
    const item = { kind: 'pipeline-item', pipelineId: 'p1', ownerId: 'a.p1.i1', entryId: 'e1' };
    const card = { kind: 'card', boardId: 'b1', taskId: 'a.b1.c1', title: 'Cut the teaser' };
    const request = { kind: 'request', requestId: 'r1', title: 'Need a logo' };
    // A link without a kind is a pipeline item, as servers said before cards and requests had files.
    const older = { pipelineId: 'p2', ownerId: 'a.p2.i2', entryId: 'e2' };
    expect(linksOf({ links: [item, card, request, older, { pipelineId: 1 }, { kind: 'card', boardId: 'b1' }, { kind: 'planet' }, null, 'x'] })).toEqual([item, card, request, { kind: 'pipeline-item', ...older }]);
    expect(linksOf(null)).toEqual([]);
    expect(linksOf({ links: 'all' })).toEqual([]);
  });

  it('writes sizes as file managers do', () => {
    expect([0, 512, 1_024, 1_536, 1_048_576, 200 * 1_048_576, 5 * 1_073_741_824].map(bytesText)).toEqual(['0 bytes', '512 bytes', '1 KB', '1.5 KB', '1 MB', '200 MB', '5 GB']);
  });
});
