import type { Principal } from '../../identity/verifier.js';
import type { ClientIdClaim } from '../../storage/client-ids.js';

/** Who may write under a client id: the person, or the API key itself (not its creator). */
export function ownerKeyOf(principal: Principal): string {
  return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
}

/**
 * The client ids of one loaded document and who introduced each. Claims made in memory are
 * handed to the update log (`takeUnsaved`) and stored in the same transaction as the update
 * that first uses them, so after a restart the same ids still belong to the same people.
 */
export class ClientOwners {
  private readonly owners = new Map<number, { owner: string; claimedAt: number }>();
  private unsaved: ClientIdClaim[] = [];

  constructor(
    private readonly name: string,
    stored: readonly ClientIdClaim[],
  ) {
    for (const claim of stored) this.owners.set(claim.client, { owner: claim.owner, claimedAt: claim.claimedAt.getTime() });
  }

  ownerOf(client: number): string | undefined {
    return this.owners.get(client)?.owner;
  }

  /** Claims an id for `owner` unless someone holds it already (the first claim wins). */
  claim(client: number, owner: string, now: number): void {
    if (this.owners.has(client)) return;
    this.owners.set(client, { owner, claimedAt: now });
    this.unsaved.push({ name: this.name, client, owner, claimedAt: new Date(now) });
  }

  /**
   * Claims stored by another instance (told with the updates that rely on them, or read from the
   * log when catching up): without them, content another instance wrote under a person's id would
   * look like content from before ownership, free for anyone here to write under.
   */
  learn(claims: readonly ClientIdClaim[]): void {
    for (const claim of claims) if (!this.owners.has(claim.client)) this.owners.set(claim.client, { owner: claim.owner, claimedAt: claim.claimedAt.getTime() });
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
}
