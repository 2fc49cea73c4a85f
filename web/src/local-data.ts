/**
 * What this client keeps in the browser (documents in IndexedDB, small state in localStorage)
 * belongs to one signed-in person: every name carries their user id, so on a shared browser
 * nobody else's copy is ever opened, online or offline, and signing out removes it all.
 */

const PREFIX = 'studio:u:';
/** Names of earlier versions, which were not per person: removed at sign-out like the rest. */
const LEGACY_KEY = /^studio:(clients|access):/;
const LEGACY_DATABASE = /^(kanban|calendar|pipeline|annotations):/;

export function localKey(userId: string, ...parts: string[]): string {
  return `${PREFIX}${userId}:${parts.join(':')}`;
}

export function documentDatabase(userId: string, documentName: string): string {
  return localKey(userId, 'doc', documentName);
}

/** A document this person has opened with the server's consent here: only those are restored from (or written to) the browser before the server answers. */
export function isKnownDocument(userId: string, documentName: string): boolean {
  return localStorage.getItem(localKey(userId, 'known', documentName)) !== null;
}

export function rememberDocument(userId: string, documentName: string): void {
  localStorage.setItem(localKey(userId, 'known', documentName), '1');
}

function ours(key: string): boolean {
  return key.startsWith(PREFIX) || LEGACY_KEY.test(key);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // Blocked: a tab still has it open; it goes when that tab lets go. Either way nothing waits on it.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** One document's local copy and state, for this person (the server said they may not have it, or it is gone). */
export async function forgetDocument(userId: string, documentName: string): Promise<void> {
  for (const key of Object.keys(localStorage)) if (key.startsWith(localKey(userId, '')) && key.endsWith(`:${documentName}`)) localStorage.removeItem(key);
  await deleteDatabase(documentDatabase(userId, documentName));
}

/** Everything of this app in this browser, every person's: for sign-out on a shared browser. */
export async function forgetAllLocalData(): Promise<void> {
  for (const key of Object.keys(localStorage)) if (ours(key)) localStorage.removeItem(key);
  const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
  await Promise.all(
    databases
      .map((database) => database.name ?? '')
      .filter((name) => name.startsWith(PREFIX) || LEGACY_DATABASE.test(name))
      .map(deleteDatabase),
  );
}

/**
 * A small copy of what this person's pages last fetched (a project list, a title), kept so the
 * pages can show it offline. Under their id like everything else, so sign-out removes it.
 */
export function keepLocalCopy(userId: string, parts: string[], value: unknown): void {
  try {
    localStorage.setItem(localKey(userId, 'copy', ...parts), JSON.stringify(value));
  } catch {
    // Storage full or refused: the copy is a convenience, the page works without it.
  }
}

/** The copy kept by `keepLocalCopy`, unchecked (the caller checks its shape); undefined when there is none. */
export function readLocalCopy(userId: string, parts: string[]): unknown {
  try {
    const stored = localStorage.getItem(localKey(userId, 'copy', ...parts));
    return stored === null ? undefined : (JSON.parse(stored) as unknown);
  } catch {
    return undefined;
  }
}

export function removeLocalCopy(userId: string, parts: string[]): void {
  localStorage.removeItem(localKey(userId, 'copy', ...parts));
}
