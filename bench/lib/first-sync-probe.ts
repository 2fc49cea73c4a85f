import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncStep } from '../../documents/wire/protocol.js';
import { LightSocket } from './light-client.js';
import { now } from './clock.js';

/**
 * A client that speaks the protocol by hand and decodes nothing: it authenticates, asks for the
 * whole document (an empty state vector) and stops the clock when the server's answer to that
 * (its sync step 2, which comes after anything sent ahead of it) has arrived. Twenty of these in
 * one process cost the generator next to nothing, so a herd of them measures the server's side
 * of a cold load, where twenty providers would measure twenty decodes on the generator's core.
 * The document is named in full, as a plain Hocuspocus provider names it.
 */
export async function timeToDelivered(wsUrl: string, name: string, token: string): Promise<number> {
  const start = now();
  return (await deliveredAt(wsUrl, name, token)) - start;
}

/** `timeToDelivered`'s client, opened now: when (`now`, bench/lib/clock.ts) the server's whole answer had arrived. */
export async function deliveredAt(wsUrl: string, name: string, token: string): Promise<number> {
  const light = new LightSocket({ url: wsUrl, name, framing: 'named', token });
  try {
    return await new Promise<number>((resolve, reject) => {
      light.socket.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()} before the first sync`)));
      light.socket.on('message', (data: Buffer) => {
        const decoder = light.read(data);
        if (decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === SyncStep.Step2) resolve(now());
      });
      light.open(new Y.Doc()).catch(reject);
    });
  } finally {
    light.close();
  }
}
