import { Router } from 'express';
import { LOCAL_BLOB_DOWNLOAD_PATH, LOCAL_BLOB_UPLOAD_PATH, openLocalDownload, receiveLocalUpload } from '../../operations/assets/local-transfers.js';
import type { LocalBlobStore } from '../../storage/blobs/local-blob-store.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { localTransferQuery } from './schemas.js';

/**
 * The local store's signed URLs (what S3 serves itself): mounted before authentication, since the
 * token in the URL is the whole permission, and only when files live on local disk.
 */
export function localBlobRoutes(local: LocalBlobStore): Router {
  const router = Router();

  router.put(LOCAL_BLOB_UPLOAD_PATH.replace(/^\/api/, ''), async (req, res) => {
    const { token } = parse(localTransferQuery, req.query);
    const length = req.get('content-length');
    const outcome = await receiveLocalUpload(local, { token, body: req, contentType: req.get('content-type'), contentLength: length === undefined ? undefined : Number(length) });
    // Refused before the body was read: the rest of it is not wanted on this connection.
    if (!outcome.ok) res.setHeader('Connection', 'close');
    sendData(res, unwrap(outcome));
  });

  router.get(LOCAL_BLOB_DOWNLOAD_PATH.replace(/^\/api/, ''), async (req, res) => {
    const { token } = parse(localTransferQuery, req.query);
    const { contentType, contentDisposition, size, body } = unwrap(await openLocalDownload(local, token));
    res.status(200);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', String(size));
    res.setHeader('Content-Disposition', contentDisposition);
    // Whatever the file is, the browser neither sniffs it into something else nor runs it as a page of ours.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=60');
    body.on('error', (error) => {
      req.log.warn({ err: error }, 'reading a local blob failed mid-download');
      res.destroy(error);
    });
    body.pipe(res);
  });

  return router;
}
