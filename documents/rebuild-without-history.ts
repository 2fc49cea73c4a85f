import * as Y from 'yjs';

/**
 * How values naming someone are rewritten: `whole` strings equal to a key become its value (a name
 * is replaced only where it is the whole value); `within` pairs are replaced wherever they appear
 * (ids and emails, distinctive enough to find inside free text).
 */
export interface Replacements {
  whole: ReadonlyMap<string, string>;
  within: readonly (readonly [string, string])[];
}

/**
 * A new document holding `source`'s current content and nothing of its history: new client ids,
 * no deleted items, so no earlier value can be read back from its bytes. Strings naming the person
 * (their id, `user:<id>`, name or email; see `Replacements`) are rewritten on the way.
 * Roots are the model's (all `Y.Map`s); nested `Y.Map`s stay maps, other nested types are copied
 * as their JSON (models store plain values inside entries).
 */
export function rebuildWithoutHistory(source: Y.Doc, roots: Iterable<string>, replacements: Replacements): Y.Doc {
  const target = new Y.Doc({ gc: true });
  target.transact(() => {
    for (const root of roots) {
      const from = source.getMap<unknown>(root);
      if (from.size === 0) continue;
      const to = target.getMap<unknown>(root);
      for (const [key, value] of [...from.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) to.set(rewrite(key, replacements), copy(value, replacements));
    }
  });
  return target;
}

function copy(value: unknown, replacements: Replacements): unknown {
  if (value instanceof Y.Map) {
    const map = new Y.Map<unknown>();
    for (const [key, inner] of value.entries()) map.set(rewrite(key, replacements), copy(inner, replacements));
    return map;
  }
  if (value instanceof Y.AbstractType) return plain(value.toJSON(), replacements);
  return plain(value, replacements);
}

function plain(value: unknown, replacements: Replacements): unknown {
  if (typeof value === 'string') return rewrite(value, replacements);
  if (Array.isArray(value)) return value.map((item) => plain(item, replacements));
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [rewrite(key, replacements), plain(inner, replacements)]));
  }
  return value;
}

function rewrite(text: string, replacements: Replacements): string {
  let result = replacements.whole.get(text) ?? text;
  for (const [from, to] of replacements.within) if (from.length > 0 && result.includes(from)) result = result.split(from).join(to);
  return result;
}

/** Every client id that wrote into `doc` (its state vector's): none of them is in a rebuilt document. */
export function clientIdsOf(doc: Y.Doc): number[] {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
}
