import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';

export type UpgradeHandler = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HttpServer {
  server: http.Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish for `graceMs`, then cuts what is left. */
  close(graceMs: number): Promise<void>;
}

/** One Node server: Express for plain HTTP, and WebSocket upgrades routed by path. */
export async function startHttpServer(
  app: Express,
  upgrades: ReadonlyMap<string, UpgradeHandler>,
  host: string,
  port: number,
): Promise<HttpServer> {
  const server = http.createServer(app);
  // An idle keep-alive connection is closed by us only well after any client or load balancer
  // gives it up (undici: 4 s, AWS ALB: 60 s). Closing first races a request the client is already
  // sending on it, which then fails with ECONNRESET though it was never processed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const handler = upgrades.get(pathname);
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    handler(request, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
