import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type RawData } from 'ws';
import * as Y from 'yjs';
import type { Logger } from '../server/logger.js';
import { type CloseReason, DOCUMENT_TOO_LARGE, MESSAGE_TOO_BIG, RATE_LIMITED } from './close-codes.js';
import { inspectFrame } from './frame-guard.js';
import { type CollabLimits, type DocumentSizes, UpdateBudget } from './limits.js';

export const COLLAB_PATH = '/collab';

/**
 * Bridges Node's HTTP upgrade to Hocuspocus. Hocuspocus v4 only sees frames we forward, which
 * makes this the one place every client frame passes: each is read fully (`inspectFrame`) and
 * charged to the socket's update budget and its document's size before Hocuspocus applies it.
 * A violation closes that socket with a named code and reason; nothing else is affected.
 */
export function createUpgradeHandler(hocuspocus: Hocuspocus<unknown>, logger: Logger, limits: CollabLimits, sizes: DocumentSizes) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, socket, head, (ws) => {
        const log = logger.child({ socket: randomUUID(), remote: request.socket.remoteAddress });
        const connection = hocuspocus.handleConnection(ws, toFetchRequest(request));
        const budget = new UpdateBudget(limits.updatesPerSecond, limits.updateBurst, Date.now());
        let closed = false;
        const refuse = (reason: CloseReason, detail: Record<string, unknown>) => {
          if (closed) return;
          closed = true;
          log.warn({ ...detail, close: reason }, 'closed a collab socket that broke a rule');
          ws.close(reason.code, reason.reason);
        };

        ws.on('message', (data: RawData) => {
          if (closed) return;
          const bytes = toBytes(data);
          const inspected = inspectFrame(bytes);
          if (!inspected.ok) return refuse(inspected.close, { detail: inspected.detail, bytes: bytes.byteLength });
          const { documentName, update } = inspected.frame;
          if (update) {
            if (!budget.take(Date.now())) return refuse(RATE_LIMITED, { documentName, updatesPerSecond: limits.updatesPerSecond });
            if (wouldExceedSize(hocuspocus, sizes, documentName, update.byteLength, limits.maxDocumentBytes)) {
              return refuse(DOCUMENT_TOO_LARGE, { documentName, maxDocumentBytes: limits.maxDocumentBytes });
            }
          }
          connection.handleMessage(bytes);
        });
        ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
        ws.on('error', (error: Error & { code?: string }) => {
          // ws closes with 1009 by itself; we only name the reason in our log.
          if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') refuse(MESSAGE_TOO_BIG, { maxMessageBytes: limits.maxMessageBytes });
          else log.warn({ err: error }, 'websocket error');
        });
      });
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** Checks the running estimate first and measures the document only when the estimate is near the limit. */
function wouldExceedSize(hocuspocus: Hocuspocus<unknown>, sizes: DocumentSizes, name: string, updateBytes: number, max: number): boolean {
  if (sizes.get(name) + updateBytes <= max) return false;
  const document = hocuspocus.documents.get(name);
  if (!document) return updateBytes > max;
  const exact = Y.encodeStateAsUpdate(document).byteLength;
  sizes.set(name, exact);
  return exact + updateBytes > max;
}


function toFetchRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Request(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, { headers });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
