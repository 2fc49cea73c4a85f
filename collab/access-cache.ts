import type { AccessEvents } from '../identity/membership-events.js';

/** How long a check is trusted without an access event saying otherwise. */
const TTL_MS = 30_000;
/** Entries kept at most (oldest dropped first): bounded whatever the number of tokens seen. */
const MAX_ENTRIES = 50_000;

interface Entry {
  value: unknown;
  until: number;
}

/**
 * What authenticating a collab connection reads besides the credential (the role in the project,
 * whether the document is open), kept for 30 s so that a reconnect, or a client opening several
 * documents of a project, reads one row instead of three. Safe because every change that could
 * make a kept answer wrong is an access event (a member's role changed or removed, a key revoked,
 * a project deleted, a document archived), and any access event empties the cache: they are rare
 * next to reconnects. A read that began before an event is not kept after
 * it (the generation moved), so a check racing a revocation cannot store the old answer. Per process: with
 * several instances, access events must reach each (scale-out).
 *
 * Checks of one key made while its read is under way share that read (twenty people opening a
 * board at once read whether it is open once, not twenty times, and one person's twenty tabs read
 * their role once): it began no earlier than theirs would have. One that starts after an access
 * event does not join a read begun before it.
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();
  /** Reads under way, by key, with the generation they began in. */
  private readonly reading = new Map<string, { generation: number; value: Promise<unknown> }>();
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    events: AccessEvents,
    /** Counts each lookup (the collab metrics). */
    private readonly counted: (result: 'hit' | 'miss') => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = events.subscribe(() => this.clear());
  }

  /** The kept answer for `key`, or `read`'s (kept for 30 s unless an access event comes first). */
  async get<T>(key: string, read: () => Promise<T>): Promise<T> {
    const held = this.entries.get(key);
    const now = this.now();
    if (held && held.until > now) {
      this.counted('hit');
      return held.value as T;
    }
    const generation = this.generation;
    const shared = this.reading.get(key);
    if (shared?.generation === generation) {
      this.counted('hit');
      return shared.value as Promise<T>;
    }
    this.counted('miss');
    const reading = read();
    this.reading.set(key, { generation, value: reading });
    try {
      const value = await reading;
      // Only answers worth keeping: a refusal is read again next time (it may be a race with a grant).
      if (value !== null && value !== undefined && generation === this.generation) {
        this.set(key, { value, until: now + TTL_MS });
      }
      return value;
    } finally {
      if (this.reading.get(key)?.value === reading) this.reading.delete(key);
    }
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  close(): void {
    this.unsubscribe();
    this.clear();
  }

  private set(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}
