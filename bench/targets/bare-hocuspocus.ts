/** Baseline: Hocuspocus v4 as it comes (no extensions, documents in memory), on PORT. */
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` }));
process.on('SIGTERM', () => void server.destroy().then(() => process.exit(0)));
