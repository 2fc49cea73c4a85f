import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { ClientAddressAliases, ServerAddressAliases, readAddress } from './address-aliases.js';

const frameFor = (address: string, body: number[]) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, address);
  for (const byte of body) encoding.writeUint8(encoder, byte);
  return encoding.toUint8Array(encoder);
};

describe('address aliases', () => {
  it('round-trips frames between a client and the server, the address in full on the server side', () => {
    const client = new ClientAddressAliases();
    const server = new ServerAddressAliases();
    // 150 characters: the length takes two bytes, and the declaration is longer still.
    const long = `kanban:${'p'.repeat(36)}:${'d'.repeat(36)}\0${'s'.repeat(70)}`;
    for (const address of ['kanban:a:b', long]) {
      for (let i = 0; i < 3; i++) {
        const sent = client.outbound(frameFor(address, [0, 2, i]));
        const received = server.inbound(sent);
        expect(received.ok && readAddress(received.frame).address).toBe(address);
        const reply = server.outbound(frameFor(address, [0, 2, i]));
        expect(readAddress(reply).address.startsWith('~')).toBe(true);
        expect(client.inbound(reply)).toEqual(frameFor(address, [0, 2, i]));
      }
    }
    // Declaring an alias again for the address it already names is no change (a resent first message).
    const server2 = new ServerAddressAliases();
    for (let i = 0; i < 2; i++) expect(server2.inbound(frameFor('~1=kanban:a:b', [0, 2, i]))).toEqual({ ok: true, frame: frameFor('kanban:a:b', [0, 2, i]) });
    expect(server2.inbound(frameFor('~1', [7]))).toEqual({ ok: true, frame: frameFor('kanban:a:b', [7]) });
    // Not declared by this client: in full both ways.
    expect(server.outbound(frameFor('kanban:x:y', [1]))).toEqual(frameFor('kanban:x:y', [1]));
    expect(client.inbound(frameFor('kanban:x:y', [1]))).toEqual(frameFor('kanban:x:y', [1]));
  });

  it('passes addressless frames (a pong) through on the client', () => {
    expect(new ClientAddressAliases().outbound(Uint8Array.of(10))).toEqual(Uint8Array.of(10));
  });

  it('bounds how many aliases one socket may declare, and how long an aliased address may be', () => {
    const server = new ServerAddressAliases();
    for (let i = 1; i <= 256; i++) expect(server.inbound(frameFor(`~${i.toString(36)}=kanban:a:${i}`, [0])).ok).toBe(true);
    expect(server.inbound(frameFor('~zzz=kanban:a:more', [0]))).toEqual({ ok: false, detail: 'more than 256 address aliases on one socket' });
    expect(server.inbound(frameFor(`~1=${'x'.repeat(257)}`, [0]))).toEqual({ ok: false, detail: 'an aliased address is at most 256 characters' });
    // The client never declares one for so long an address: it goes in full.
    const long = frameFor('x'.repeat(257), [0]);
    expect(new ClientAddressAliases().outbound(long)).toEqual(long);
  });
});
