// Preloaded with `--import` into the servers when `BENCH_BROADCAST_PROBE=<dir>` is set (see
// `profiling()` in bench/lib/server-process.ts): how long a server takes from reading an edit off
// its socket to starting, and to finishing, the broadcast of it. The generator's latency adds the
// network and the receivers' own queueing; this is the server's part alone. When the process
// exits it writes `<dir>/broadcast-<pid>.txt` with the percentiles over the whole run.
//
// Both ends are found the same way in ours and in bare Hocuspocus: the edit by reading the client's
// WebSocket frames in each chunk a socket receives (`net.Socket` 'data', unmasked here: a sync
// update, message type 0 step 2), the broadcast by wrapping Hocuspocus's `Document.broadcast`, which
// every update and presence broadcast of both goes through (only updates count). The y-websocket
// server uses neither, so nothing is measured there. Meant for a light load: the first edit read
// after a broadcast starts the clock, and edits read before that broadcast share it.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Document } from '@hocuspocus/server';

const dir = new URL(import.meta.url).searchParams.get('dir') ?? '/tmp';
/** When the first edit since the last update broadcast was read. */
let readAt;
const toStart = [];
const toEnd = [];

/** Whether a Hocuspocus message (its address, then its type and sync step) is a Yjs update. */
function isUpdate(message) {
  let at = 0;
  let length = 0;
  let shift = 0;
  let byte;
  do {
    byte = message[at++];
    length |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && at < 5);
  at += length;
  return message[at] === 0 && message[at + 1] === 2;
}

/** Whether a chunk a socket received holds a client's binary frame carrying an update (frames are masked). */
function holdsUpdate(chunk) {
  let at = 0;
  while (at + 2 <= chunk.length) {
    const opcode = chunk[at] & 0x0f;
    let length = chunk[at + 1] & 0x7f;
    let body = at + 2;
    if (length === 126) {
      if (body + 2 > chunk.length) return false;
      length = chunk.readUInt16BE(body);
      body += 2;
    } else if (length === 127) return false;
    // A client's frames are always masked: anything else (the database's replies) is not one.
    if ((chunk[at + 1] & 0x80) === 0) return false;
    const mask = chunk.subarray(body, body + 4);
    body += 4;
    if (body + length > chunk.length) return false;
    if (opcode === 2 && length > 2) {
      const head = Buffer.from(chunk.subarray(body, body + Math.min(length, 300)));
      for (let i = 0; i < head.length; i++) head[i] ^= mask[i & 3];
      if (isUpdate(head)) return true;
    }
    at = body + length;
  }
  return false;
}

const emit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (event, chunk, ...rest) {
  if (event === 'data' && readAt === undefined && Buffer.isBuffer(chunk) && holdsUpdate(chunk)) readAt = performance.now();
  return emit.call(this, event, chunk, ...rest);
};

const broadcast = Document.prototype.broadcast;
Document.prototype.broadcast = function (encode, filter) {
  const started = performance.now();
  let update = false;
  const result = broadcast.call(
    this,
    (address) => {
      const message = encode(address);
      update = isUpdate(message);
      return message;
    },
    filter,
  );
  if (update && readAt !== undefined) {
    toStart.push(started - readAt);
    toEnd.push(performance.now() - readAt);
    readAt = undefined;
  }
  return result;
};

function percentile(values, p) {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(3);
}

process.on('exit', () => {
  const line = (name, values) => `${name} ms: p50 ${percentile(values, 50)}, p90 ${percentile(values, 90)}, p99 ${percentile(values, 99)}`;
  const report = [`${process.argv.slice(1).join(' ')}`, `edits broadcast: n=${toStart.length}`, line('read → broadcast starts', toStart), line('read → broadcast ends', toEnd)].join('\n');
  fs.writeFileSync(path.join(dir, `broadcast-${process.pid}.txt`), `${report}\n`);
});
