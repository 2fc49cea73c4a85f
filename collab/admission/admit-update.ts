import * as Y from 'yjs';

/** What admission needs to know about the live document. */
export interface DocumentView {
  /** The next clock the document expects from a client (Yjs state vector entry; 0 when unknown). */
  stateOf(client: number): number;
  /** Who introduced a client id, or undefined when nobody has claimed it yet. */
  ownerOf(client: number): string | undefined;
  /** Who announced an unclaimed id in presence: nobody else may claim it. */
  reservedFor(client: number): string | undefined;
  /** Whether an item the document already holds is a shared type (may contain others). */
  isTypeAt(id: Y.ID): boolean;
}

export interface AdmissionRules {
  /** The sender's owner key (a person, an API key). */
  owner: string;
  /** How many client ids the sender may still introduce (read only for an update that introduces one: it may be costly to work out). */
  newClientBudget: number;
  /** Root names the document's model defines; each is a map, so entries have a key. */
  roots: ReadonlySet<string>;
  /** Largest plausible clock (a client that typed for years stays far below it). */
  maxClock: number;
}

export type Admission =
  /** Structurally hostile: close the sender. */
  | { verdict: 'refuse'; detail: string }
  /**
   * Integrable at once once `foreign` clients are removed from it (client ids that belong to
   * someone else: nothing in their name is ever applied); `claims` are new client ids of the sender.
   */
  | { verdict: 'admit'; foreign: number[]; claims: number[] }
  /**
   * Depends on content the document does not have yet: hold it, do not apply it. `forPresence`: it
   * waits a moment for other instances' presence instead (`UpdateAdmission.awaitPresence`).
   */
  | { verdict: 'wait'; foreign: number[]; claims: number[]; missing: string; forPresence?: true }
  /** Written by a copy of the document made before it was reset (client ids it retired): refused, the sender must reload. */
  | { verdict: 'reset'; clients: number[] };

type Struct = Y.Item | Y.GC | Y.Skip;
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type DeleteSet = DecodedUpdate['ds'];

/**
 * Decides, before anything is applied, whether a Yjs update from one sender may be integrated:
 * - each client id's new content must come from the person who introduced that id (offline
 *   replays and other tabs of the same person pass; a forged struct in someone else's id is cut
 *   out), or, for an id nobody has written under yet, from the person whose presence announced
 *   it; with a bound on how many ids one sender introduces;
 * - content goes only into the model's roots, as map entries (never list content or subdocuments);
 * - every struct and deletion must integrate against the document as it is, so Yjs never keeps
 *   pending structs that would be stored nowhere yet sent to every newcomer.
 * Pure: reads the document through `view`, changes nothing.
 */
export function admitUpdate(decoded: DecodedUpdate, view: DocumentView, rules: AdmissionRules): Admission {
  const byClient = groupByClient(decoded.structs);
  if (!byClient) return refuse('a client id is listed twice');
  const foreign: number[] = [];
  const claims: number[] = [];
  let newClients = 0;
  const queues = new Map<number, (Y.Item | Y.GC)[]>();
  for (const [client, structs] of byClient) {
    const last = structs.at(-1)!;
    const end = last.id.clock + last.length;
    if (end > rules.maxClock) return refuse(`client ${client} reaches clock ${end}, past ${rules.maxClock}`);
    const owner = view.ownerOf(client);
    const holder = owner ?? view.reservedFor(client);
    if (holder !== undefined && holder !== rules.owner) {
      foreign.push(client);
      continue;
    }
    const known = view.stateOf(client);
    const present = structs.filter((struct): struct is Y.Item | Y.GC => !(struct instanceof Y.Skip));
    const fresh = present.filter((struct) => struct.id.clock + struct.length > known);
    // Unclaimed ids with content already stored predate ownership; claiming those adds no client.
    if (owner === undefined && fresh.length > 0) {
      claims.push(client);
      if (known === 0 && ++newClients > rules.newClientBudget) return refuse(`more than ${rules.newClientBudget} new client ids`);
    }
    for (const struct of fresh) {
      const problem = struct instanceof Y.Item ? shapeProblem(struct, rules.roots) : undefined;
      if (problem) return refuse(problem);
    }
    // Structs the document already has are checked too: Yjs resolves their neighbours before it skips them.
    queues.set(client, present);
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) if (range.clock + range.len > rules.maxClock) return refuse(`deletion in client ${client} past clock ${rules.maxClock}`);
  }
  const integrated = integrate(queues, view, byClient);
  if (typeof integrated === 'string') return refuse(integrated);
  const missing = integrated.missing ?? missingDeletion(decoded.ds, integrated.state, view);
  return missing ? { verdict: 'wait', foreign, claims, missing } : { verdict: 'admit', foreign, claims };
}

const refuse = (detail: string): Admission => ({ verdict: 'refuse', detail });

/**
 * Each client's structs, which an update lists as one run. A client listed twice is refused:
 * Yjs would integrate only its last run while every check here read both.
 */
function groupByClient(structs: Struct[]): Map<number, Struct[]> | undefined {
  const byClient = new Map<number, Struct[]>();
  let current: Struct[] | undefined;
  for (const struct of structs) {
    if (current?.[0]!.id.client !== struct.id.client) {
      if (byClient.has(struct.id.client)) return undefined;
      current = [];
      byClient.set(struct.id.client, current);
    }
    current.push(struct);
  }
  return byClient;
}

/** Content the model would throw away wholesale is refused before it is stored. */
function shapeProblem(item: Y.Item, roots: ReadonlySet<string>): string | undefined {
  if (item.content instanceof Y.ContentDoc) return 'subdocuments are not part of any document model';
  if (typeof item.parent === 'string') {
    if (!roots.has(item.parent)) return `"${item.parent}" is not a root of this document`;
    if (item.parentSub === null) return `"${item.parent}" holds entries by key, not a list`;
  }
  return undefined;
}

/**
 * Replays Yjs's integration order without integrating: a struct goes in once its own client has
 * reached its clock and what it points at (left, right, parent) exists in the document or earlier
 * in this update. Returns the resulting state, the first thing still missing, or a refusal.
 */
function integrate(
  queues: Map<number, (Y.Item | Y.GC)[]>,
  view: DocumentView,
  byClient: Map<number, Struct[]>,
): string | { state: Map<number, number>; missing?: string } {
  const state = new Map<number, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const [client, queue] of queues) {
      while (queue.length > 0) {
        const struct = queue[0]!;
        if (struct.id.clock > clockOf(client, state, view)) break;
        if (struct instanceof Y.Item) {
          const blocked = dependencyProblem(struct, state, view, byClient);
          if (blocked === 'wait') break;
          if (blocked) return blocked;
        }
        state.set(client, Math.max(clockOf(client, state, view), struct.id.clock + struct.length));
        queue.shift();
        progress = true;
      }
    }
  }
  for (const [client, queue] of queues) {
    if (queue.length > 0) return { state, missing: `client ${client} from clock ${queue[0]!.id.clock} depends on content the document does not have` };
  }
  return { state };
}

/**
 * How far a client's content reaches with this update's structs replayed so far. A plain function,
 * not a closure made per update: `npm start` runs through tsx, which names every closure it makes
 * (`__name`, an `Object.defineProperty` each), and this runs for every update a server receives.
 */
function clockOf(client: number, state: Map<number, number>, view: DocumentView): number {
  return state.get(client) ?? view.stateOf(client);
}

/** 'wait' when a dependency is not there yet; a refusal text when the item cannot be valid at all. */
function dependencyProblem(item: Y.Item, state: Map<number, number>, view: DocumentView, byClient: Map<number, Struct[]>): 'wait' | string | undefined {
  const parent = item.parent instanceof Y.ID ? item.parent : null;
  const problem = pointerProblem(item, item.origin, state, view) ?? pointerProblem(item, item.rightOrigin, state, view) ?? pointerProblem(item, parent, state, view);
  if (problem) return problem;
  if (parent && !isType(parent, view, byClient)) return `client ${item.id.client} clock ${item.id.clock} names a parent that is not a shared type`;
  return undefined;
}

/** What is wrong with one thing an item points at (its left, right or parent), if anything. */
function pointerProblem(item: Y.Item, dependency: Y.ID | null, state: Map<number, number>, view: DocumentView): 'wait' | string | undefined {
  if (!dependency) return undefined;
  const own = item.id.client;
  // Yjs assumes a client's own earlier content is there; pointing at its own future is a forgery.
  if (dependency.client === own) {
    return dependency.clock >= item.id.clock ? `client ${own} clock ${item.id.clock} points at its own later clock ${dependency.clock}` : undefined;
  }
  return dependency.clock >= clockOf(dependency.client, state, view) ? 'wait' : undefined;
}

function isType(id: Y.ID, view: DocumentView, byClient: Map<number, Struct[]>): boolean {
  const inUpdate = byClient.get(id.client)?.find((struct) => struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length);
  if (inUpdate && inUpdate.id.clock + inUpdate.length > view.stateOf(id.client)) return inUpdate instanceof Y.Item && inUpdate.content instanceof Y.ContentType;
  return view.isTypeAt(id);
}

/** A deletion of something the document (after this update) does not hold would wait in Yjs as a pending delete set. */
function missingDeletion(ds: DeleteSet, state: Map<number, number>, view: DocumentView): string | undefined {
  for (const [client, ranges] of ds.clients) {
    const known = state.get(client) ?? view.stateOf(client);
    for (const range of ranges) if (range.clock + range.len > known) return `deletes client ${client} clocks ${range.clock}..${range.clock + range.len} the document does not have`;
  }
  return undefined;
}
