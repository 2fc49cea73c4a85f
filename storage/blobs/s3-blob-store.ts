import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStoreConfig } from '../../platform/config.js';
import { type BlobInfo, type BlobStore, type DownloadRequest, type UploadRequest, type UploadTarget, assertBlobKey, attachmentDisposition } from './blob-store.js';

type S3Config = Extract<BlobStoreConfig, { kind: 's3' }>;

/**
 * Files in an S3-compatible bucket (AWS, MinIO, a local fake). Clients upload with a presigned
 * POST whose policy fixes the key, the content type and a size range, and download through
 * presigned GETs; the bucket itself stays private.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  /** Signs the URLs browsers use: for S3_PUBLIC_ENDPOINT when the app reaches the bucket at another address (MinIO in compose), else the same client. Signing is offline. */
  private readonly signer: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    const clientFor = (endpoint: string | undefined) =>
      new S3Client({
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        ...(endpoint ? { endpoint } : {}),
        ...(config.credentials ? { credentials: config.credentials } : {}),
      });
    this.client = clientFor(config.endpoint);
    this.signer = config.publicEndpoint ? clientFor(config.publicEndpoint) : this.client;
  }

  async put(key: string, body: Uint8Array, options: { contentType: string }): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: options.contentType, ContentLength: body.byteLength }));
  }

  async head(key: string): Promise<BlobInfo | null> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer | null> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }));
      if (!answer.Body) return Buffer.alloc(0);
      return Buffer.from(await answer.Body.transformToByteArray()).subarray(0, bytes);
    } catch (error) {
      if (isNotFound(error)) return null;
      // An empty object has no byte 0: S3 answers 416 to any range.
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416) return Buffer.alloc(0);
      throw error;
    }
  }

  async openRead(key: string): Promise<Readable | null> {
    assertBlobKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the SDK's body is an IncomingMessage, a Readable.
      return (answer.Body as Readable | undefined) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async move(from: string, to: string): Promise<boolean> {
    assertBlobKey(from);
    assertBlobKey(to);
    try {
      // Single-request copy: objects up to 5 GB (ASSET_MAX_BYTES stays below that).
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${from}` }));
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    await this.delete(from);
    return true;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async createUpload(request: UploadRequest): Promise<UploadTarget> {
    assertBlobKey(request.key);
    const { url, fields } = await createPresignedPost(this.signer, {
      Bucket: this.bucket,
      Key: request.key,
      Conditions: [
        ['content-length-range', 1, request.maxBytes],
        ['eq', '$Content-Type', request.contentType],
      ],
      Fields: { 'Content-Type': request.contentType },
      Expires: request.expiresInSeconds,
    });
    return { method: 'POST', url, fields, expiresAt: new Date(Date.now() + request.expiresInSeconds * 1000) };
  }

  async downloadUrl(request: DownloadRequest): Promise<string> {
    assertBlobKey(request.key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: request.key,
      ResponseContentType: request.contentType,
      ResponseContentDisposition: attachmentDisposition(request.fileName),
    });
    return getSignedUrl(this.signer, command, { expiresIn: request.expiresInSeconds });
  }

  destroy(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404;
}
