import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ServerAddressAliases } from '../documents/wire/address-aliases.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { SocketGate } from './admission/socket-gate.js';
import { unsavedPacing } from './admission/unsaved-pacing.js';
import { writeHolder } from './held-writes.js';
import { loopLoad } from './loop-load.js';
import { sharedBinaryFrame } from './shared-frames.js';
import { CloseCode, type CloseReason, MALFORMED_MESSAGE, MESSAGE_TOO_BIG, RATE_LIMITED } from './close-codes.js';
import type { CollabServer } from './create-collab-server.js';
import { MessageType, inspectFrame } from './frame-guard.js';
import { type CollabLimits, UpdateBudget } from './limits.js';

export const COLLAB_PATH = '/collab';

/** Event-loop utilisation above which every socket's writes are gathered per round (see `answeringInAliases`). */
const BUSY_LOOP = 0.75;

/**
 * Bridges Node's HTTP upgrade to Hocuspocus. Hocuspocus v4 only sees frames we forward, which
 * makes this the one place every client frame passes: each is read fully (`inspectFrame`),
 * charged to the socket's update budget, and handed to the socket's gate, which judges each
 * update against its document before Hocuspocus applies it (see `SocketGate`). A violation
 * closes that socket with a named code and reason; nothing else is affected.
 */
/** Close codes worth a metric label of their own; a client's own code otherwise counts as "other" (labels must stay few). */
const LABELLED_CODES = new Set<number>([1000, 1001, 1005, 1006, 1009, 4205, ...Object.values(CloseCode)]);

export function createUpgradeHandler(collab: CollabServer, logger: Logger, limits: CollabLimits, metrics?: Metrics) {
  // No permessage-deflate (ws's default, spelled out): frames are written pre-made (`sharedBinaryFrame`).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  const holdWrites = writeHolder();
  const load = loopLoad({ intervalMs: 100, busyAbove: BUSY_LOOP });

  return {
    handleUpgrade(request: IncomingMessage, tcp: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, tcp, head, (ws) => {
        const log = logger.child({ socket: randomUUID(), remote: request.socket.remoteAddress });
        const aliases = new ServerAddressAliases();
        // Hocuspocus and the gate know the socket as this object (the admission is keyed by it).
        const socket = answeringInAliases(ws, tcp, aliases, (frame) => gate.sent(frame), holdWrites(tcp), load.busy);
        const connection = collab.hocuspocus.handleConnection(socket, toFetchRequest(request));
        const budget = new UpdateBudget(limits.updatesPerSecond, limits.updateBurst, Date.now());
        let closed = false;
        /**
         * Backpressure (`unsavedPacing`): without it a flood of updates is judged, applied and
         * relayed as fast as it arrives, and each statement of the commit that would make them
         * durable waits behind it: the saved signal falls seconds behind for everyone. What the
         * socket sends while it waits stays in its TCP buffers.
         */
        const unsaved = unsavedPacing(limits.maxUnsavedPerSocket, { count: () => collab.unsavedUpdates(), settled: () => collab.settled() });
        const pace = (): Promise<void> | undefined => {
          const wait = unsaved();
          if (!wait) return undefined;
          metrics?.socketPauses.inc();
          ws.pause();
          return wait.then(() => {
            if (!closed) ws.resume();
          });
        };
        /** Why we closed it, when we did: the metric's reason (a client's own reason text is not a label). */
        let refusedFor: string | undefined;
        const refuse = (reason: CloseReason, detail: Record<string, unknown>) => {
          if (closed) return;
          closed = true;
          refusedFor = reason.reason;
          if (reason === RATE_LIMITED) metrics?.rateLimited.inc({ limiter: 'collab-updates' });
          gate.close();
          log.warn({ ...detail, close: reason }, 'closed a collab socket that broke a rule');
          ws.close(reason.code, reason.reason);
        };
        const gate = new SocketGate(socket, (bytes) => connection.handleMessage(bytes), collab.admission, collab.sizes, limits, log, refuse, collab.firstSync, pace);

        ws.on('message', (data: RawData) => {
          if (closed) return;
          const named = aliases.inbound(toBytes(data));
          if (!named.ok) return refuse(MALFORMED_MESSAGE, { detail: named.detail });
          const bytes = named.frame;
          const inspected = inspectFrame(bytes);
          if (!inspected.ok) return refuse(inspected.close, { detail: inspected.detail, bytes: bytes.byteLength });
          const { documentName, update } = inspected.frame;
          // Presence is relayed to everyone on the document, so it spends the same budget as an edit.
          const spends = update !== undefined || inspected.frame.type === MessageType.Awareness;
          if (spends && !budget.take(Date.now())) return refuse(RATE_LIMITED, { documentName, updatesPerSecond: limits.updatesPerSecond });
          gate.receive(bytes, inspected.frame);
        });
        ws.on('close', (code, reason) => {
          metrics?.socketCloses.inc({ code: LABELLED_CODES.has(code) ? String(code) : 'other', reason: refusedFor ?? 'closed' });
          gate.close();
          connection.handleClose({ code, reason: reason.toString() });
        });
        ws.on('error', (error: Error & { code?: string }) => {
          // ws closes with 1009 by itself; we only name the reason in our log.
          if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') refuse(MESSAGE_TOO_BIG, { maxMessageBytes: limits.maxMessageBytes });
          else log.warn({ err: error }, 'websocket error');
        });
      });
    },
    close(): void {
      load.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/**
 * What Hocuspocus sends through: the socket, with each frame under the client's alias for its
 * address (see `address-aliases`); `sent` hears each frame once it is written. The gate holds a
 * sender's writes for the round (`holdWrites`) while it passes the sender's updates on: the
 * acknowledgement of each, and any repair, then leave in one write, and a busy writer has dozens
 * of updates in a round. Everything else is written as it is sent, except while the server is
 * busy (`busy`): then every socket's frames of a round are gathered too. Writing at once lets each
 * client start reading while the server still sends to the next; held, a broadcast reaches
 * everyone only once the round is over (+0.7 ms at 50 clients on this machine), but at 400 clients
 * an edit and its author's presence are 800 system calls, and without gathering them the server
 * fell seconds behind where bare Hocuspocus kept up.
 */
function answeringInAliases(ws: WebSocket, tcp: Duplex, aliases: ServerAddressAliases, sent: (frame: Uint8Array) => void, holdWrites: () => void, busy: () => boolean) {
  /** Small payloads leave as one frame shared by every socket they go to (`sharedBinaryFrame`); the rest, and anything after the socket closes, through `ws`. */
  const write = (frame: Uint8Array, written?: () => void): void => {
    if (busy()) holdWrites();
    const payload = aliases.outbound(frame);
    const framed = ws.readyState === WebSocket.OPEN ? sharedBinaryFrame(payload) : undefined;
    if (framed) tcp.write(framed, written);
    else ws.send(payload, written);
    sent(frame);
  };
  return {
    holdWrites,
    get readyState() {
      return ws.readyState;
    },
    send: (frame: Uint8Array): void => write(frame),
    sendWritten: (frame: Uint8Array) => new Promise<void>((resolve) => write(frame, () => resolve())),
    close: (code?: number, reason?: string) => ws.close(code, reason),
  };
}

/**
 * The upgrade request as Hocuspocus reads it: its headers, and its URL for the query parameters.
 * The path and query only, not an absolute URL: Hocuspocus works the parameters out for every
 * message and every change, and it parses an absolute URL with `new URL` each time (over 1 % of
 * a busy server's time) but a path with `URLSearchParams`. Nothing else of a Request is read.
 */
function toFetchRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const upgrade: Pick<Request, 'url' | 'headers'> = { url: request.url ?? '/', headers };
  return upgrade as Request;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
