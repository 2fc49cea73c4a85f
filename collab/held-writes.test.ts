import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeHolder } from './held-writes.js';

/** A connected pair of sockets on loopback, counting the chunks the reading side gets. */
async function pair(): Promise<{ writer: net.Socket; chunks: Buffer[]; close(): void }> {
  const chunks: Buffer[] = [];
  const server = net.createServer((socket) => socket.on('data', (chunk) => chunks.push(chunk)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const writer = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  writer.setNoDelay(true);
  await new Promise((resolve) => writer.once('connect', resolve));
  return {
    writer,
    chunks,
    close() {
      writer.destroy();
      server.close();
    },
  };
}

const nextRound = () => new Promise((resolve) => setImmediate(resolve));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('writes held for the round', () => {
  const open: { close(): void }[] = [];
  afterEach(() => open.splice(0).forEach((p) => p.close()));

  it('leave together once the round is over, from every socket held, and not before', async () => {
    const [a, b] = await Promise.all([pair(), pair()]);
    open.push(a, b);
    const holder = writeHolder();
    const [holdA, holdB] = [holder(a.writer), holder(b.writer)];
    for (const n of [1, 2, 3]) {
      holdA();
      a.writer.write(`a${n};`);
      holdB();
      b.writer.write(`b${n};`);
    }
    expect(a.writer.writableCorked).toBe(1);
    expect(b.writer.writableCorked).toBe(1);
    await nextRound();
    expect(a.writer.writableCorked).toBe(0);
    expect(b.writer.writableCorked).toBe(0);
    await until(() => a.chunks.length > 0 && b.chunks.length > 0);
    expect(Buffer.concat(a.chunks).toString()).toBe('a1;a2;a3;');
    expect(Buffer.concat(b.chunks).toString()).toBe('b1;b2;b3;');

    // The next round holds again.
    holdA();
    expect(a.writer.writableCorked).toBe(1);
    await nextRound();
    expect(a.writer.writableCorked).toBe(0);
  });
});
