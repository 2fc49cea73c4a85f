import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { BlobStoreConfig } from '../../platform/config.js';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  /** Environment for an app whose files live in this fake. */
  env: Record<string, string>;
  config: Extract<BlobStoreConfig, { kind: 's3' }>;
  close(): Promise<void>;
}

/**
 * s3rver on port 0 in a temporary directory, one bucket. It answers the S3 API (presigned URLs and
 * POST forms included) but checks neither signatures nor POST policies: tests of those decode
 * what we produce instead.
 */
export async function startFakeS3(): Promise<FakeS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-s3-'));
  const bucket = 'studio-assets';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    env: { S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    config: { kind: 's3', bucket, endpoint, region: 'us-east-1', forcePathStyle: true, credentials },
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Sends a file the way a browser does with a presigned POST: the fields, then the file, as a multipart form. */
export async function postForm(target: { url: string; fields: Record<string, string> }, body: Uint8Array, contentType: string): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(body)], { type: contentType }), 'upload');
  return fetch(target.url, { method: 'POST', body: form });
}
