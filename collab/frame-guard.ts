import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { type CloseReason, MALFORMED_MESSAGE } from './close-codes.js';

/** Hocuspocus protocol message types a client may send (server-internal ones are refused). */
const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4, Stateless: 5, Close: 7, Ping: 9, Pong: 10 } as const;
const CLIENT_TYPES = new Set<number>(Object.values(MessageType));
const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

export interface InspectedFrame {
  documentName: string;
  /** The Yjs update the frame would apply (sync step 2 or update), when it carries one. */
  update?: Uint8Array;
}

export type InspectResult = { ok: true; frame: InspectedFrame } | { ok: false; close: CloseReason; detail: string };

const refuse = (detail: string): InspectResult => ({ ok: false, close: MALFORMED_MESSAGE, detail });

/**
 * Reads a client frame fully before Hocuspocus sees it, so a garbage frame, a truncated Yjs
 * update, an unparseable awareness state or an unknown message type closes that socket with a
 * named reason instead of reaching the document half-read. Pure: no I/O, no document access.
 */
export function inspectFrame(data: Uint8Array): InspectResult {
  try {
    const decoder = decoding.createDecoder(data);
    const address = decoding.readVarString(decoder);
    const documentName = address.split('\0')[0]!;
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_TYPES.has(type)) return refuse(`message type ${type} is not accepted from clients`);
    if (type === MessageType.Sync || type === MessageType.SyncReply) {
      const step = decoding.readVarUint(decoder);
      if (step === SyncStep.Step1) {
        Y.decodeStateVector(decoding.readVarUint8Array(decoder));
        return { ok: true, frame: { documentName } };
      }
      if (step !== SyncStep.Step2 && step !== SyncStep.Update) return refuse(`sync step ${step} does not exist`);
      const update = decoding.readVarUint8Array(decoder);
      // Decoding reads every struct and the delete set without applying anything: a truncated or
      // corrupt update throws here, before any part of it could be integrated.
      Y.decodeUpdate(update);
      return { ok: true, frame: { documentName, update } };
    }
    if (type === MessageType.Awareness) {
      readAwarenessUpdate(decoding.readVarUint8Array(decoder));
    }
    return { ok: true, frame: { documentName } };
  } catch (error) {
    return refuse(error instanceof Error ? error.message : 'unreadable frame');
  }
}

/** The awareness wire format: count, then (client id, clock, JSON state) per client. */
function readAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
}
