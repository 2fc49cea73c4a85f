import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFetch, publicOnlyLookup, refusedAsPrivate } from './guarded-fetch.js';

describe('the fetch integrations call out with', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = async (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

  it('refuses a loopback address, by literal or by a name that resolves to it, before anything is sent', async () => {
    const guarded = destinationFetch(false);
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`, `http://localhost:${port}/hook`]) {
      const error = await failure(guarded(url, { method: 'POST', body: '{}' }));
      expect(refusedAsPrivate(error), url).toBe(true);
    }
    expect(hits).toBe(0);
  });

  it('calls anything when private URLs are allowed (local fakes), and an ordinary failure is not a refusal', async () => {
    const open = destinationFetch(true);
    const response = await open(`http://localhost:${port}/hook`, { method: 'POST', body: '{}' });
    expect(await response.text()).toBe('ok');
    expect(hits).toBe(1);
    const error = await failure(open('http://127.0.0.1:1/closed', { method: 'POST', body: '{}' }));
    expect(error).toBeInstanceOf(Error);
    expect(refusedAsPrivate(error)).toBe(false);
  });

  it('hands a public address on, in the form the socket asked for (one address, or all of them)', async () => {
    // A numeric host resolves to itself without the network: stands in for a public name here.
    const lookup = (options: { all?: boolean }) =>
      new Promise<unknown[]>((resolve) => publicOnlyLookup('8.8.8.8', options, (error, address, family) => resolve([error, address, family])));
    expect(await lookup({})).toEqual([null, '8.8.8.8', 4]);
    expect(await lookup({ all: true })).toEqual([null, [{ address: '8.8.8.8', family: 4 }], undefined]);
    const [error] = await new Promise<unknown[]>((resolve) => publicOnlyLookup('10.1.2.3', {}, (...args) => resolve(args)));
    expect(refusedAsPrivate(error)).toBe(true);
  });
});
