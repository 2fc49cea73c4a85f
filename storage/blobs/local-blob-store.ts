import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobInfo, type BlobStore, type DownloadRequest, type UploadRequest, type UploadTarget, assertBlobKey } from './blob-store.js';
import { BlobTokens, type DownloadGrant } from './signed-blob-tokens.js';

/** Where the app serves the local store's signed URLs (mounted before authentication: the token is the permission). */
export const LOCAL_BLOB_UPLOAD_PATH = '/api/blobs/upload';
export const LOCAL_BLOB_DOWNLOAD_PATH = '/api/blobs/download';

/** Why a local upload was refused; the route presents each with a status. */
export type LocalUploadResult =
  | { ok: true; size: number }
  | { ok: false; reason: 'invalid' | 'expired' | 'wrong-content-type' | 'too-large' | 'incomplete' };

export type LocalDownload = { ok: true; grant: DownloadGrant; size: number; body: Readable } | { ok: false; reason: 'invalid' | 'expired' | 'missing' };

class TooLarge extends Error {}

/**
 * Files on local disk under one directory (DATA_DIR/blobs by default): the embedded default, so
 * `npm start` needs nothing else. Writes go to a temporary file and are renamed into place, so a
 * reader never sees half a file; uploads are counted while they stream and cut off past their limit.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';
  private readonly tokens: BlobTokens;
  private readonly incoming: string;

  constructor(
    private readonly root: string,
    secret: string,
    /** Where browsers reach this app (known once it listens). */
    private readonly baseUrl: () => string,
  ) {
    this.tokens = new BlobTokens(secret);
    this.incoming = path.join(root, '.incoming');
  }

  // The content type is given when a download is signed, not kept with the file.
  async put(key: string, body: Uint8Array, _options?: { contentType: string }): Promise<void> {
    const target = this.pathOf(key);
    const temp = await this.tempFile();
    try {
      await fs.promises.writeFile(temp, body);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(temp, target);
    } finally {
      await fs.promises.rm(temp, { force: true });
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const stat = await fs.promises.stat(this.pathOf(key));
      return stat.isFile() ? { size: stat.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async openRead(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async move(from: string, to: string): Promise<boolean> {
    const target = this.pathOf(to);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.rename(this.pathOf(from), target);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async createUpload(request: UploadRequest): Promise<UploadTarget> {
    assertBlobKey(request.key);
    const token = await this.tokens.signUpload({ key: request.key, contentType: request.contentType, maxBytes: request.maxBytes }, request.expiresInSeconds);
    return {
      method: 'PUT',
      url: `${this.baseUrl()}${LOCAL_BLOB_UPLOAD_PATH}?token=${encodeURIComponent(token)}`,
      headers: { 'content-type': request.contentType },
      expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000),
    };
  }

  async downloadUrl(request: DownloadRequest): Promise<string> {
    assertBlobKey(request.key);
    const token = await this.tokens.signDownload({ key: request.key, contentType: request.contentType, fileName: request.fileName }, request.expiresInSeconds);
    return `${this.baseUrl()}${LOCAL_BLOB_DOWNLOAD_PATH}?token=${encodeURIComponent(token)}`;
  }

  /**
   * Receives a signed upload: checks the token, its content type and the declared length first,
   * then streams to a temporary file counting bytes, and stops as soon as the limit is passed.
   * Only a complete body lands under its key.
   */
  async acceptUpload(token: string, body: Readable, headers: { contentType: string | undefined; contentLength: number | undefined }): Promise<LocalUploadResult> {
    const checked = await this.tokens.checkUpload(token);
    if (!checked.ok) return checked;
    const { grant } = checked;
    if (mediaTypeOf(headers.contentType) !== grant.contentType) return { ok: false, reason: 'wrong-content-type' };
    if (headers.contentLength !== undefined && headers.contentLength > grant.maxBytes) return { ok: false, reason: 'too-large' };
    const target = this.pathOf(grant.key);
    const temp = await this.tempFile();
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > grant.maxBytes) done(new TooLarge());
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(temp, { flags: 'wx' }));
      if (headers.contentLength !== undefined && size !== headers.contentLength) return { ok: false, reason: 'incomplete' };
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(temp, target);
      return { ok: true, size };
    } catch (error) {
      if (error instanceof TooLarge) return { ok: false, reason: 'too-large' };
      // The client went away mid-body: nothing is stored.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET') return { ok: false, reason: 'incomplete' };
      throw error;
    } finally {
      await fs.promises.rm(temp, { force: true });
    }
  }

  /** Opens a signed download: the token names the key, the type and the file name to serve it with. */
  async openDownload(token: string): Promise<LocalDownload> {
    const checked = await this.tokens.checkDownload(token);
    if (!checked.ok) return checked;
    const info = await this.head(checked.grant.key);
    const body = info ? await this.openRead(checked.grant.key) : null;
    if (!info || !body) return { ok: false, reason: 'missing' };
    return { ok: true, grant: checked.grant, size: info.size, body };
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    const resolved = path.resolve(this.root, key);
    // assertBlobKey already refuses `..`; this is the belt to its braces.
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`blob key escapes the store: ${key}`);
    return resolved;
  }

  private async tempFile(): Promise<string> {
    await fs.promises.mkdir(this.incoming, { recursive: true });
    return path.join(this.incoming, randomUUID());
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `image/png; charset=x` → `image/png`. */
function mediaTypeOf(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}
