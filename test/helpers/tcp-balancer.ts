import net from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/**
 * A round-robin TCP load balancer on 127.0.0.1, like nginx in front of the instances: each new
 * connection goes to the next backend, and to the one after it when that one refuses (a killed
 * instance), so a client that reconnects lands on a live instance.
 */
export async function startBalancer(backends: readonly string[]): Promise<Balancer> {
  const targets = backends.map((backend) => new URL(backend));
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const attempt = (tries: number) => {
      if (tries >= targets.length) return client.destroy();
      const target = targets[next++ % targets.length]!;
      const upstream = net.connect(Number(target.port), target.hostname);
      upstream.once('connect', () => {
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        upstream.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.once('error', () => {
        if (upstream.connecting || !sockets.has(upstream)) attempt(tries + 1);
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
