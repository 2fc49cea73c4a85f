import type { Principal } from '../../identity/verifier.js';
import type { ClientIdClaim } from '../../storage/client-ids.js';

/** Who may write under a client id: the person, or the API key itself (not its creator). */
export function ownerKeyOf(principal: Principal): string {
  return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
}

/** Whose the client ids of loaded documents are, as presence and the relay ask (`UpdateAdmission`). */
export interface ClientIdHolders {
  /** The claim's owner, else whoever announced the id in presence; undefined when free. */
  holderOf(documentName: string, client: number): string | undefined;
  /** Sets a free id aside for `owner` (see `ClientOwners.reserve`). */
  reserve(documentName: string, client: number, owner: string): void;
  /** The other instances were just asked who is on the document: ids they announced are not known here yet. */
  awaitPresence(documentName: string): void;
}

/** Ids each person may hold set aside at once: a page load or a tab announces one. */
export const RESERVED_IDS_PER_OWNER = 64;

/**
 * The client ids of one loaded document and who introduced each. Claims made in memory are
 * handed to the update log (`takeUnsaved`) and stored in the same transaction as the update
 * that first uses them, so after a restart the same ids still belong to the same people.
 */
export class ClientOwners {
  private readonly owners = new Map<number, { owner: string; claimedAt: number }>();
  private unsaved: ClientIdClaim[] = [];
  /** Ids announced in presence and not yet written under, and whose they will be (see `reserve`). */
  private readonly reserved = new Map<number, string>();
  /** Per owner, their reserved ids oldest first. */
  private readonly reservedBy = new Map<string, number[]>();

  constructor(
    private readonly name: string,
    stored: readonly ClientIdClaim[],
  ) {
    for (const claim of stored) this.owners.set(claim.client, { owner: claim.owner, claimedAt: claim.claimedAt.getTime() });
  }

  ownerOf(client: number): string | undefined {
    return this.owners.get(client)?.owner;
  }

  /** Who set an unclaimed id aside by announcing it in presence. */
  reservedFor(client: number): string | undefined {
    return this.reserved.get(client);
  }

  /**
   * Sets an unclaimed id aside for the person whose presence announced it. Presence is how
   * everyone else learns a newcomer's id, before its owner has written under it; without the
   * reservation anyone could write under it first, claim it, and have the owner's edits cut out
   * as foreign. Nothing is stored: the claim is, once the owner writes. Each owner keeps their
   * newest `RESERVED_IDS_PER_OWNER`, so nobody can push someone else's out.
   */
  reserve(client: number, owner: string): void {
    if (this.owners.has(client) || this.reserved.has(client)) return;
    this.reserved.set(client, owner);
    let mine = this.reservedBy.get(owner);
    if (!mine) {
      mine = [];
      this.reservedBy.set(owner, mine);
    }
    mine.push(client);
    if (mine.length > RESERVED_IDS_PER_OWNER) this.reserved.delete(mine.shift()!);
  }

  /** Claims an id for `owner` unless someone holds it already (the first claim wins). */
  claim(client: number, owner: string, now: number): void {
    if (this.owners.has(client)) return;
    this.release(client);
    this.owners.set(client, { owner, claimedAt: now });
    this.unsaved.push({ name: this.name, client, owner, claimedAt: new Date(now) });
  }

  /**
   * Claims stored by another instance (told with the updates that rely on them, or read from the
   * log when catching up): without them, content another instance wrote under a person's id would
   * look like content from before ownership, free for anyone here to write under.
   */
  learn(claims: readonly ClientIdClaim[]): void {
    for (const claim of claims) {
      if (this.owners.has(claim.client)) continue;
      this.release(claim.client);
      this.owners.set(claim.client, { owner: claim.owner, claimedAt: claim.claimedAt.getTime() });
    }
  }

  /** How many ids `owner` introduced since `since` (ms since the epoch). */
  claimedSince(owner: string, since: number): number {
    let count = 0;
    for (const entry of this.owners.values()) if (entry.owner === owner && entry.claimedAt >= since) count++;
    return count;
  }

  /** Claims not yet stored; the caller stores them with the next update it logs. */
  takeUnsaved(): ClientIdClaim[] {
    const taken = this.unsaved;
    this.unsaved = [];
    return taken;
  }

  private release(client: number): void {
    const owner = this.reserved.get(client);
    if (owner === undefined) return;
    this.reserved.delete(client);
    const mine = this.reservedBy.get(owner)!;
    mine.splice(mine.indexOf(client), 1);
    if (mine.length === 0) this.reservedBy.delete(owner);
  }
}
