import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ClientAddressAliases } from '../../documents/wire/address-aliases.js';
import { AuthStep, MessageType, SyncStep } from '../../documents/wire/protocol.js';
import { now } from './clock.js';

/**
 * How a server frames its messages: the Hocuspocus protocol names the document first (`aliased`:
 * in our short aliases, as the web app does; `named`: in full), y-websocket's does not.
 */
export type Framing = 'aliased' | 'named' | 'unnamed';

/** Where and how a light client reaches a document. */
export interface LightAddress {
  url: string;
  name: string;
  framing: Framing;
  /** Sent in the Hocuspocus protocol's authentication message (the baseline accepts any). */
  token: string;
}

const CONNECT_TIMEOUT_MS = 30_000;
/** The title a fan-out writer gives its card: `w<writer>:<edit>:<intended send time, ms since the epoch>`. */
const TITLE = /w(\d+):(\d+):(\d{13}(?:\.\d+)?)/g;

/**
 * One socket speaking the sync protocol by hand. Providers decode every update they receive
 * (~40 µs each); at 400 clients that is the generator's whole core, so the fan-out's rows would
 * measure the generator. A light client decodes only its first sync, and then reads edits' titles
 * straight from the update's bytes (Yjs stores a string as its UTF-8 bytes).
 */
export class LightSocket {
  private readonly aliases = new ClientAddressAliases();
  readonly socket: WebSocket;

  constructor(private readonly address: LightAddress) {
    this.socket = new WebSocket(address.url);
    this.socket.binaryType = 'nodebuffer';
    // A failure before the first sync rejects it (see `open`, `synced`); one later closes the
    // socket, and its missing receipts show in the delivered share.
    this.socket.on('error', () => {});
  }

  send(write: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder();
    if (this.address.framing !== 'unnamed') encoding.writeVarString(encoder, this.address.name);
    write(encoder);
    const frame = encoding.toUint8Array(encoder);
    this.socket.send(this.address.framing === 'aliased' ? this.aliases.outbound(frame) : frame);
  }

  /** The frame past its address: a decoder at the message type. */
  read(data: Buffer): decoding.Decoder {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (this.address.framing !== 'unnamed') decoding.readVarString(decoder);
    return decoder;
  }

  /** Opens, authenticates (Hocuspocus protocol) and sends sync step 1 with `doc`'s state vector. */
  async open(doc: Y.Doc): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    if (this.address.framing !== 'unnamed') this.send((e) => (encoding.writeVarUint(e, MessageType.Auth), encoding.writeVarUint(e, AuthStep.Token), encoding.writeVarString(e, this.address.token)));
    this.send((e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncStep.Step1), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc))));
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.on('error', () => {});
    this.socket.terminate();
  }
}

/**
 * Connects, answers the server's sync step 1 from `doc` and applies its sync step 2 to `doc` (and
 * any update sent before it); resolves with the socket once synced (later messages go to whoever listens next).
 */
async function synced(address: LightAddress, doc: Y.Doc): Promise<LightSocket> {
  const light = new LightSocket(address);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<LightSocket>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${address.name}: not synced within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      light.socket.on('close', (code, reason) => reject(new Error(`${address.name}: closed ${code} ${reason.toString()} before syncing`)));
      light.socket.on('message', (data: Buffer) => {
        const decoder = light.read(data);
        const type = decoding.readVarUint(decoder);
        if (type === MessageType.Auth && decoding.readVarUint(decoder) === AuthStep.PermissionDenied) reject(new Error(`${address.name}: denied`));
        if (type !== MessageType.Sync) return;
        const step = decoding.readVarUint(decoder);
        if (step === SyncStep.Step1) {
          const theirs = decoding.readVarUint8Array(decoder);
          light.send((e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncStep.Step2), encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, theirs))));
        } else if (step === SyncStep.Step2) {
          Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
          resolve(light);
        } else {
          // Before its step 2, ours may send a large document as an update shared by everyone opening it.
          Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
        }
      });
      light.open(doc).catch(reject);
    });
  } catch (error) {
    light.close();
    throw error;
  } finally {
    clearTimeout(timer);
    light.socket.removeAllListeners('message');
    light.socket.removeAllListeners('close');
  }
}

/**
 * A fan-out writer: holds the board it synced and sends its own edits (with a cursor in its
 * presence, as the providers do), ignoring what others send.
 */
export class LightWriter {
  private constructor(
    readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    private readonly light: LightSocket,
  ) {}

  static async connect(address: LightAddress): Promise<LightWriter> {
    const doc = new Y.Doc();
    const light = await synced(address, doc);
    const awareness = new Awareness(doc);
    // The server answers presence and saved signals; a writer reads none of it.
    light.socket.on('message', () => {});
    const writer = new LightWriter(doc, awareness, light);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server') return;
      light.send((e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncStep.Update), encoding.writeVarUint8Array(e, update)));
    });
    return writer;
  }

  setAwareness(field: string, value: unknown): void {
    this.awareness.setLocalStateField(field, value);
    const update = encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.light.send((e) => (encoding.writeVarUint(e, MessageType.Awareness), encoding.writeVarUint8Array(e, update)));
  }

  close(): void {
    this.awareness.destroy();
    this.light.close();
  }
}

/** What a light receiver saw while recording. */
export interface Receipts {
  /** Intended send → receipt, ms, one per edit per receiver. */
  latencies: number[];
  updateFrames: number;
  updateBytes: number;
  allBytes: number;
}


/**
 * A fan-out receiver: synced once, then for each update frame it records, per writer's edit it
 * has not seen before, the time since the edit's intended send (carried in the title).
 */
export class LightReceiver {
  private recording = false;
  private readonly lastEdit = new Map<number, number>();

  private constructor(
    private readonly light: LightSocket,
    private readonly receipts: Receipts,
  ) {
    light.socket.on('message', (data: Buffer) => this.received(data));
  }

  static async connect(address: LightAddress, receipts: Receipts): Promise<LightReceiver> {
    return new LightReceiver(await synced(address, new Y.Doc()), receipts);
  }

  record(on: boolean): void {
    this.recording = on;
  }

  private received(data: Buffer): void {
    if (!this.recording) return;
    const at = now();
    this.receipts.allBytes += data.byteLength;
    const decoder = this.light.read(data);
    if (decoding.readVarUint(decoder) !== MessageType.Sync || decoding.readVarUint(decoder) !== SyncStep.Update) return;
    this.receipts.updateFrames++;
    this.receipts.updateBytes += data.byteLength;
    for (const [, writer, edit, sentAt] of data.toString('latin1', decoder.pos).matchAll(TITLE)) {
      const w = Number(writer);
      const k = Number(edit);
      if ((this.lastEdit.get(w) ?? -1) >= k) continue;
      this.lastEdit.set(w, k);
      this.receipts.latencies.push(at - Number(sentAt));
    }
  }

  close(): void {
    this.light.close();
  }
}
