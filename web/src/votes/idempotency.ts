import { useRef } from 'react';

/**
 * One `Idempotency-Key` per intended vote: sending the same draft again after a failure (the
 * network dropped, the answer never came) reuses its key, so the server answers the first
 * response instead of counting it twice; a changed draft, or a new vote after one went through,
 * gets a fresh key.
 */
export function useIdempotencyKeys() {
  const current = useRef<{ intent: string; key: string; settled: boolean } | null>(null);
  return {
    /** The key for sending `intent` (any string that identifies the draft). */
    keyFor(intent: string): string {
      if (!current.current || current.current.settled || current.current.intent !== intent) current.current = { intent, key: crypto.randomUUID(), settled: false };
      return current.current.key;
    },
    /** The server answered: the next send is a new intent, even with the same draft. */
    settle(): void {
      if (current.current) current.current.settled = true;
    },
  };
}
