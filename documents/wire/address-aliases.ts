import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Short names for documents on the wire. Every Hocuspocus message starts with its address (the
 * document name, `kanban:<projectId>:<id>`, 80 characters), so on a one-line edit the name is
 * most of what every receiver downloads. A client that opts in names each address once per
 * socket, in its first message for it, as `~<alias>=<address>`, and `~<alias>` afterwards; the
 * server answers in kind on that socket only. The meaning stays `<kind>:<projectId>:<id>`
 * everywhere past the socket: the server expands aliases before anything reads the frame.
 *
 * Aliases live exactly as long as the socket (a reconnect starts a fresh table on both sides), so
 * nothing is stored, shared between instances or guessable across sockets. Clients that never
 * declare one (plain Hocuspocus providers) see full names, as before.
 *
 * Pure: used by the collab server and by clients (the web app, the benchmark).
 */
const ALIAS_MARK = '~';
const ALIAS = /^~[0-9a-z]{1,6}$/;
/** A socket holds a handful of documents; these bound what a hostile one can make the server remember (64 K characters). */
export const MAX_ALIASES_PER_SOCKET = 256;
/** A document name is 80 characters, with a provider's session id about 120; nothing longer needs an alias. */
export const MAX_ALIASED_ADDRESS_CHARS = 256;

/** The frame's address and where the rest of the frame starts. */
export function readAddress(frame: Uint8Array): { address: string; rest: number } {
  const decoder = decoding.createDecoder(frame);
  const address = decoding.readVarString(decoder);
  return { address, rest: decoder.pos };
}

/** The same frame under another address. */
export function withAddress(frame: Uint8Array, address: string, rest: number): Uint8Array {
  return withEncodedAddress(frame, encodeAddress(address), rest);
}

/** An address as it starts a frame (its length, then its UTF-8), made once per alias instead of once per frame. */
function encodeAddress(address: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  return encoding.toUint8Array(encoder);
}

function withEncodedAddress(frame: Uint8Array, address: Uint8Array, rest: number): Uint8Array {
  const renamed = new Uint8Array(address.byteLength + frame.byteLength - rest);
  renamed.set(address);
  renamed.set(frame.subarray(rest), address.byteLength);
  return renamed;
}

const MARK_BYTE = ALIAS_MARK.charCodeAt(0);

/** Whether the address starts with the alias mark, read without decoding it (after the varint length, 1 to 5 bytes). */
function mayBeAliased(frame: Uint8Array): boolean {
  let at = 0;
  while (at < 5 && at < frame.length && (frame[at]! & 0x80) !== 0) at++;
  return frame[at + 1] === MARK_BYTE;
}

/** The client's side: declares an alias the first time it sends for an address, expands what comes back. */
export class ClientAddressAliases {
  /** Address → its alias, encoded as it starts a frame. */
  private readonly byAddress = new Map<string, Uint8Array>();
  /** Alias → its address, encoded as it starts a frame: every frame the server sends is expanded. */
  private readonly byAlias = new Map<string, Uint8Array>();

  outbound(frame: Uint8Array): Uint8Array {
    // A frame without an address (the one-byte pong) goes as it is.
    if (frame.length < 2) return frame;
    const { address, rest } = readAddress(frame);
    const known = this.byAddress.get(address);
    if (known) return withEncodedAddress(frame, known, rest);
    // Without a slot to spare (or for an address too long to alias), it goes out in full, which the server always accepts.
    if (this.byAddress.size >= MAX_ALIASES_PER_SOCKET || address.length > MAX_ALIASED_ADDRESS_CHARS) return frame;
    const alias = `${ALIAS_MARK}${(this.byAddress.size + 1).toString(36)}`;
    this.byAddress.set(address, encodeAddress(alias));
    this.byAlias.set(alias, encodeAddress(address));
    return withAddress(frame, `${alias}=${address}`, rest);
  }

  inbound(frame: Uint8Array): Uint8Array {
    if (!mayBeAliased(frame)) return frame;
    const { address, rest } = readAddress(frame);
    const full = this.byAlias.get(address);
    return full === undefined ? frame : withEncodedAddress(frame, full, rest);
  }
}

export type InboundResult = { ok: true; frame: Uint8Array } | { ok: false; detail: string };

/**
 * Outgoing frames already read, by identity: a broadcast sends one buffer to every socket on the
 * document, so its address is read once and each alias's copy is made once, not once per socket.
 */
type ReadFrame = { address: string; rest: number; byAlias: Map<string, Uint8Array> };
const readFrames = new WeakMap<Uint8Array, ReadFrame>();
/** The last frame looked up: a broadcast asks for the same one once per socket, back to back. */
let lastFrame: Uint8Array | undefined;
let lastRead: ReadFrame | undefined;

/** The server's side, one per socket: learns the client's aliases, expands them, answers with them. */
export class ServerAddressAliases {
  private readonly byAddress = new Map<string, string>();
  /** Alias → its address, and the address encoded as it starts a frame: every frame the client sends is expanded. */
  private readonly byAlias = new Map<string, { address: string; encoded: Uint8Array }>();

  /** The frame with its full address; a malformed declaration or an alias never declared on this socket is refused. */
  inbound(frame: Uint8Array): InboundResult {
    if (!mayBeAliased(frame)) return { ok: true, frame };
    let read: ReturnType<typeof readAddress>;
    try {
      read = readAddress(frame);
    } catch {
      return { ok: false, detail: 'unreadable address' };
    }
    const { address, rest } = read;
    const equals = address.indexOf('=');
    const alias = equals === -1 ? address : address.slice(0, equals);
    if (!ALIAS.test(alias)) return { ok: false, detail: 'malformed address alias' };
    if (equals === -1) {
      const full = this.byAlias.get(alias);
      return full === undefined ? { ok: false, detail: `address alias ${alias} was never declared on this socket` } : { ok: true, frame: withEncodedAddress(frame, full.encoded, rest) };
    }
    const full = address.slice(equals + 1);
    if (full.length === 0 || full.startsWith(ALIAS_MARK)) return { ok: false, detail: 'an alias must name a full address' };
    if (full.length > MAX_ALIASED_ADDRESS_CHARS) return { ok: false, detail: `an aliased address is at most ${MAX_ALIASED_ADDRESS_CHARS} characters` };
    const bound = this.byAlias.get(alias);
    if (bound !== undefined && bound.address !== full) return { ok: false, detail: `address alias ${alias} already names another address` };
    const boundAlias = this.byAddress.get(full);
    if (boundAlias !== undefined && bound === undefined) return { ok: false, detail: 'an address may have one alias per socket' };
    if (bound !== undefined) return { ok: true, frame: withEncodedAddress(frame, bound.encoded, rest) };
    if (this.byAlias.size >= MAX_ALIASES_PER_SOCKET) return { ok: false, detail: `more than ${MAX_ALIASES_PER_SOCKET} address aliases on one socket` };
    const declared = { address: full, encoded: encodeAddress(full) };
    this.byAlias.set(alias, declared);
    this.byAddress.set(full, alias);
    return { ok: true, frame: withEncodedAddress(frame, declared.encoded, rest) };
  }

  /** What to send this socket: the frame under the client's alias for its address, if it declared one. */
  outbound(frame: Uint8Array): Uint8Array {
    if (this.byAddress.size === 0 || frame.length < 2) return frame;
    let read = frame === lastFrame ? lastRead : readFrames.get(frame);
    if (!read) {
      read = { ...readAddress(frame), byAlias: new Map() };
      readFrames.set(frame, read);
    }
    lastFrame = frame;
    lastRead = read;
    const alias = this.byAddress.get(read.address);
    if (alias === undefined) return frame;
    let aliased = read.byAlias.get(alias);
    if (!aliased) {
      aliased = withAddress(frame, alias, read.rest);
      read.byAlias.set(alias, aliased);
    }
    return aliased;
  }
}
