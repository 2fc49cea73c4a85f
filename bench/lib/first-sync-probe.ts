import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { AuthStep, MessageType, SyncStep } from '../../documents/wire/protocol.js';

/**
 * A client that speaks the protocol by hand and decodes nothing: it authenticates, asks for the
 * whole document (an empty state vector) and stops the clock when the server's answer to that
 * (its sync step 2, which comes after anything sent ahead of it) has arrived. Twenty of these in
 * one process cost the generator next to nothing, so a herd of them measures the server's side
 * of a cold load, where twenty providers would measure twenty decodes on the generator's core.
 */
export async function timeToDelivered(wsUrl: string, name: string, token: string): Promise<number> {
  const start = performance.now();
  const socket = new WebSocket(wsUrl);
  try {
    return await new Promise<number>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()} before the first sync`)));
      socket.on('open', () => {
        socket.send(frame(name, (e) => (encoding.writeVarUint(e, MessageType.Auth), encoding.writeVarUint(e, AuthStep.Token), encoding.writeVarString(e, token))));
        socket.send(frame(name, (e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncStep.Step1), encoding.writeVarUint8Array(e, new Uint8Array([0])))));
      });
      socket.on('message', (data: Buffer) => {
        if (isSyncStep2(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))) resolve(performance.now() - start);
      });
    });
  } finally {
    socket.removeAllListeners('close');
    socket.terminate();
  }
}

function frame(name: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, name);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function isSyncStep2(data: Uint8Array): boolean {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === SyncStep.Step2;
}
