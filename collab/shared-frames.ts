/**
 * A binary WebSocket frame (server to client: unmasked, final, no extension) around a payload,
 * made once per payload. A broadcast hands the same payload to every socket on the document (one
 * per alias, see `address-aliases`), and `ws` frames it again for each: a header buffer, a view of
 * the payload and two writes per socket. Framed here, every socket writes the same bytes once.
 *
 * Only for small payloads: the frame copies the payload, which for an update or a presence change
 * is a few hundred bytes, but a first sync can be megabytes; those go through `ws` as they are.
 * Only valid on sockets without permessage-deflate, which our server never negotiates.
 */
export const MAX_SHARED_PAYLOAD_BYTES = 16 * 1024;

const BINARY_FINAL = 0x82;
const frames = new WeakMap<Uint8Array, Buffer>();
/** A broadcast asks for the same payload once per socket, back to back: checked before the weak map. */
let lastPayload: Uint8Array | undefined;
let lastFrame: Buffer | undefined;

export function sharedBinaryFrame(payload: Uint8Array): Buffer | undefined {
  if (payload === lastPayload) return lastFrame;
  const length = payload.byteLength;
  if (length > MAX_SHARED_PAYLOAD_BYTES) return undefined;
  let frame = frames.get(payload);
  if (!frame) {
    const header = length > 125 ? 4 : 2;
    frame = Buffer.allocUnsafe(header + length);
    frame[0] = BINARY_FINAL;
    if (header === 2) frame[1] = length;
    else {
      frame[1] = 126;
      frame.writeUInt16BE(length, 2);
    }
    frame.set(payload, header);
    frames.set(payload, frame);
  }
  lastPayload = payload;
  lastFrame = frame;
  return frame;
}
