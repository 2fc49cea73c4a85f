import WebSocket from 'ws';
import { isSyncUpdate } from '../../documents/wire/offline-queue.js';
import { MessageType, SyncStep } from '../../documents/wire/protocol.js';

/** What a replica's socket received, as it came over the wire. */
export interface WireBytes {
  /** Frames carrying a Yjs update (sync message, step 2: an edit as broadcast). */
  updateFrames: number;
  updateBytes: number;
  /** Every frame (updates, presence, acknowledgements). */
  allBytes: number;
}

/** Whether a frame is a sync update: `addressed` for the Hocuspocus protocol (the document name comes first), not for y-websocket's. */
const isUpdate = (frame: Uint8Array, addressed: boolean) => (addressed ? isSyncUpdate(frame) : frame[0] === MessageType.Sync && frame[1] === SyncStep.Update);

/** `Base` (a `ws` WebSocket class) counting into `bytes` every frame its sockets receive, reconnects included. */
export function counting(Base: new (address: string) => WebSocket, bytes: WireBytes, addressed: boolean): new (address: string) => WebSocket {
  return class extends Base {
    constructor(address: string) {
      super(address);
      // Providers ask for ArrayBuffers (binaryType), ws may hand over a Buffer otherwise.
      this.on('message', (data: Buffer | ArrayBuffer) => {
        bytes.allBytes += data.byteLength;
        if (isUpdate(new Uint8Array(data), addressed)) {
          bytes.updateFrames++;
          bytes.updateBytes += data.byteLength;
        }
      });
    }
  };
}
