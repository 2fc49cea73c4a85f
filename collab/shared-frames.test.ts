import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_SHARED_PAYLOAD_BYTES, sharedBinaryFrame } from './shared-frames.js';

function payloadOf(length: number, seed = 7): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * seed) % 256);
}

describe('sharedBinaryFrame', () => {
  let server: Server;
  /** The server side's raw TCP socket of the last connection, as the collab upgrade writes to it. */
  let nextSocket: Promise<Duplex>;
  let url: string;

  beforeAll(async () => {
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    let accept: (tcp: Duplex) => void = () => undefined;
    server = createServer();
    server.on('upgrade', (request, tcp, head) => wss.handleUpgrade(request, tcp, head, () => accept(tcp)));
    nextSocket = new Promise((resolve) => (accept = resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is read by a WebSocket client as the same binary messages, in order, at every header size', async () => {
    const client = new WebSocket(url);
    const lengths = [0, 1, 125, 126, 127, 1000, MAX_SHARED_PAYLOAD_BYTES];
    const received: { data: Uint8Array; binary: boolean }[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer, binary: boolean) => {
        received.push({ data: new Uint8Array(data), binary });
        if (received.length === lengths.length) resolve();
      }),
    );
    const tcp = await nextSocket;
    const payloads = lengths.map((length) => payloadOf(length));
    for (const payload of payloads) tcp.write(sharedBinaryFrame(payload)!);
    await all;
    expect(received).toEqual(payloads.map((data) => ({ data, binary: true })));
    client.close();
  });

  it('makes one frame per payload, shared by every socket it goes to', () => {
    const first = payloadOf(40);
    const second = payloadOf(40);
    const frame = sharedBinaryFrame(first);
    sharedBinaryFrame(second);
    expect(sharedBinaryFrame(first)).toBe(frame);
    expect(sharedBinaryFrame(second)).not.toBe(frame);
    expect(sharedBinaryFrame(second)).toEqual(frame);
  });

  it('leaves payloads too large to copy cheaply to ws', () => {
    expect(sharedBinaryFrame(payloadOf(MAX_SHARED_PAYLOAD_BYTES + 1))).toBeUndefined();
  });
});
