import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '../documents/wire/protocol.js';
import { type CloseReason, MALFORMED_MESSAGE } from './close-codes.js';

export { MessageType };
/** Only the message types a client may send pass (server-internal ones are refused). */
const CLIENT_TYPES = new Set<number>(Object.values(MessageType));
/** The only authentication message a client sends is its token. */
const AUTH_TOKEN = 0;
/** Presence states are small flat objects (a user, a cursor); deeper nesting is an attack on whoever serialises them. */
const MAX_PRESENCE_DEPTH = 16;
/**
 * Presence is relayed to everyone on the document and never stored: a state is a name, a colour,
 * a cursor or the card being edited. Without a bound, one member could push megabytes to every
 * other browser as often as the socket allows.
 */
export const MAX_PRESENCE_STATE_CHARS = 4_096;
/** A client speaks for itself, and at most passes on removals of peers it saw time out. */
export const MAX_PRESENCE_STATES = 64;

export interface InspectedFrame {
  /** The frame's address: the document name, or `name\0session` for session-aware providers. */
  address: string;
  documentName: string;
  type: number;
  /** A sync step 1 from a client that holds nothing of the document (an empty state vector). */
  fromNothing?: true;
  /** A Yjs update the frame would apply (sync step 2 or update), decoded. */
  update?: { bytes: Uint8Array; decoded: ReturnType<typeof Y.decodeUpdate>; step: number };
}

export type InspectResult = { ok: true; frame: InspectedFrame } | { ok: false; close: CloseReason; detail: string };

const refuse = (detail: string): InspectResult => ({ ok: false, close: MALFORMED_MESSAGE, detail });

/**
 * Reads a client frame fully before Hocuspocus sees it, so a garbage frame, a truncated Yjs
 * update, an unparseable or deeply nested awareness state, an unknown message type or trailing
 * bytes close that socket with a named reason instead of reaching the document half-read.
 * Pure: no I/O, no document access.
 */
export function inspectFrame(data: Uint8Array): InspectResult {
  try {
    const decoder = decoding.createDecoder(data);
    const address = decoding.readVarString(decoder);
    const documentName = address.split('\0')[0]!;
    const type = decoding.readVarUint(decoder);
    if (!CLIENT_TYPES.has(type)) return refuse(`message type ${type} is not accepted from clients`);
    const frame: InspectedFrame = { address, documentName, type };
    const problem = readBody(decoder, frame);
    if (problem) return refuse(problem);
    if (decoding.hasContent(decoder)) return refuse(`${data.byteLength - decoder.pos} bytes after the end of the message`);
    return { ok: true, frame };
  } catch (error) {
    return refuse(error instanceof Error ? error.message : 'unreadable frame');
  }
}

/** Reads the message after its type; returns a problem, or fills `frame.update`. */
function readBody(decoder: decoding.Decoder, frame: InspectedFrame): string | undefined {
  switch (frame.type) {
    case MessageType.Sync:
    case MessageType.SyncReply: {
      const step = decoding.readVarUint(decoder);
      if (step === SyncStep.Step1) {
        const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
        if (frame.type === MessageType.Sync && vector.size === 0) frame.fromNothing = true;
        return undefined;
      }
      if (step !== SyncStep.Step2 && step !== SyncStep.Update) return `sync step ${step} does not exist`;
      const bytes = decoding.readVarUint8Array(decoder);
      // Decoding reads every struct and the delete set without applying anything: a truncated or
      // corrupt update throws here, before any part of it could be integrated.
      frame.update = { bytes, decoded: Y.decodeUpdate(bytes), step };
      return undefined;
    }
    case MessageType.Awareness:
      return readAwarenessUpdate(decoding.readVarUint8Array(decoder));
    case MessageType.Auth: {
      if (decoding.readVarUint(decoder) !== AUTH_TOKEN) return 'a client authenticates only with a token';
      decoding.readVarString(decoder);
      // Providers since v3 append their version.
      if (decoding.hasContent(decoder)) decoding.readVarString(decoder);
      return undefined;
    }
    case MessageType.Stateless:
      decoding.readVarString(decoder);
      return undefined;
    default:
      return undefined;
  }
}

/** The awareness wire format: count, then (client id, clock, JSON state) per client; a state is null or an object. */
function readAwarenessUpdate(update: Uint8Array): string | undefined {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_PRESENCE_STATES) return `a presence message carries at most ${MAX_PRESENCE_STATES} states, not ${count}`;
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_PRESENCE_STATE_CHARS) return `a presence state is at most ${MAX_PRESENCE_STATE_CHARS} characters, not ${json.length}`;
    const state: unknown = JSON.parse(json);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return 'a presence state must be an object or null';
    if (depthOf(state) > MAX_PRESENCE_DEPTH) return `a presence state nests deeper than ${MAX_PRESENCE_DEPTH} levels`;
  }
  if (decoding.hasContent(decoder)) return 'bytes after the last presence state';
  return undefined;
}

/** Nesting depth, measured without recursion (a hostile state must not exhaust the stack here either). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_PRESENCE_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
