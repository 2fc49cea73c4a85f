/** A document loaded in this process, as an instance admin sees it. */
export interface LoadedDocument {
  name: string;
  /** The encoded state's size in memory now (what a new client would download). */
  stateBytes: number;
  /** Open connections: browsers' sockets and the server's own (REST edits in flight). */
  connections: number;
}

/**
 * What an instance admin may do to the documents this process serves. Implemented by the collab
 * server; a process without documents has none of them loaded.
 */
export interface DocumentHost {
  loaded(): LoadedDocument[];
  /** Folds the document's log into its snapshot now; false when there was nothing to fold. */
  snapshot(name: string): Promise<boolean>;
  /** Closes its connections (clients reconnect) and unloads it after storing; false when it was not loaded. */
  evict(name: string): Promise<boolean>;
}

export const NO_DOCUMENT_HOST: DocumentHost = {
  loaded: () => [],
  snapshot: () => Promise.resolve(false),
  evict: () => Promise.resolve(false),
};
