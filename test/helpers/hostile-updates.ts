import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { gcUpdate, withoutStart } from './yjs-craft.js';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/** What a hostile member knows: honest updates seen on the wire and the client ids in use. */
export interface FuzzKnowledge {
  updates: Uint8Array[];
  clients: number[];
  roots: string[];
}

/**
 * Random and mutated Yjs updates, each a valid encoding more often than not, with hostile
 * clocks, client ids, lengths and parents: what a member's socket can send that no honest
 * client would. Seeded, so a failing run can be replayed.
 */
export function hostileUpdate(gen: prng.PRNG, known: FuzzKnowledge): Uint8Array {
  const pick = <T>(list: readonly T[]): T => list[prng.uint32(gen, 0, list.length - 1)]!;
  const client = () => (prng.bool(gen) && known.clients.length > 0 ? pick(known.clients) : prng.uint32(gen, 1, 2 ** 32 - 1));
  const clock = () => pick([0, 1, prng.uint32(gen, 0, 1_000), 2 ** 31, 2 ** 32 + 5, 2 ** 40]);
  const honest = () => (known.updates.length > 0 ? pick(known.updates) : gcUpdate([{ client: client(), clock: 0, length: 1 }]));
  switch (prng.uint32(gen, 0, 6)) {
    case 0:
      return gcUpdate(
        Array.from({ length: prng.uint32(gen, 1, 80) }, () => ({ client: client(), clock: clock(), length: prng.uint32(gen, 1, 2 ** 20) })),
        Array.from({ length: prng.uint32(gen, 0, 5) }, () => ({ client: client(), clock: clock(), length: prng.uint32(gen, 1, 2 ** 20) })),
      );
    case 1: {
      const update = honest();
      const first = Y.decodeUpdate(update).structs[0];
      return first ? withoutStart(update, first.id.client, first.id.clock + 1) : update;
    }
    case 2: {
      const bytes = honest().slice();
      for (let i = prng.uint32(gen, 1, 4); i > 0; i--) bytes[prng.uint32(gen, 0, bytes.length - 1)] = prng.uint32(gen, 0, 255);
      return bytes;
    }
    default:
      return mutateStructs(gen, Y.decodeUpdate(honest()).structs, { client, clock, roots: known.roots, pick });
  }
}

/** Re-encodes decoded structs after changing their ids, neighbours and parents (each struct its own run, so client ids may repeat). */
function mutateStructs(
  gen: prng.PRNG,
  structs: Struct[],
  random: { client: () => number; clock: () => number; roots: string[]; pick: <T>(list: readonly T[]) => T },
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const chosen = structs.filter((struct) => !(struct instanceof Y.Skip)).slice(0, 50);
  encoding.writeVarUint(encoder.restEncoder, chosen.length);
  for (const struct of chosen) {
    const id = prng.bool(gen) ? Y.createID(random.client(), random.clock()) : struct.id;
    if (struct instanceof Y.Item) {
      // Decoded items name their parent by root key or id (Yjs's declared type only knows integrated ones).
      const item = struct as unknown as { origin: Y.ID | null; rightOrigin: Y.ID | null; parent: string | Y.ID | null; parentSub: string | null };
      if (prng.bool(gen)) item.origin = prng.bool(gen) ? Y.createID(random.client(), random.clock()) : null;
      if (prng.bool(gen)) item.rightOrigin = prng.bool(gen) ? Y.createID(random.client(), random.clock()) : null;
      if (prng.bool(gen) && item.origin === null && item.rightOrigin === null) {
        item.parent = prng.bool(gen) ? random.pick([...random.roots, 'evil', '']) : Y.createID(random.client(), random.clock());
        item.parentSub = prng.bool(gen) ? null : 'k';
      }
      // An item without neighbours must name its parent to be encodable at all.
      if (item.origin === null && item.rightOrigin === null && item.parent === null) item.parent = random.pick(random.roots);
    }
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoder.writeClient(id.client);
    encoding.writeVarUint(encoder.restEncoder, id.clock);
    struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
