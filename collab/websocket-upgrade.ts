import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type RawData } from 'ws';
import type { Logger } from '../server/logger.js';

export const COLLAB_PATH = '/collab';

/**
 * Bridges Node's HTTP upgrade to Hocuspocus: Hocuspocus v4 only sees frames we forward, so
 * every message and close is handed over here.
 */
export function createUpgradeHandler(hocuspocus: Hocuspocus<unknown>, logger: Logger, maxPayloadBytes: number) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = hocuspocus.handleConnection(ws, toFetchRequest(request));
        ws.on('message', (data: RawData) => connection.handleMessage(toBytes(data)));
        ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
        ws.on('error', (error) => logger.warn({ err: error }, 'websocket error'));
      });
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
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
