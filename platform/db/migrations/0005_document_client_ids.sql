-- Who introduced each Yjs client id of a document. Only that person (or API key, or the server
-- itself) may add content under the id: a member cannot write into someone else's history,
-- which is how one editor could otherwise erase another's offline edits or bloat the state
-- vector with forged ids. Written in the same transaction as the update that first uses the id.
CREATE TABLE document_client_ids (
  document_name text NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
  client_id bigint NOT NULL,
  -- 'user:<uuid>', 'key:<uuid>' or 'server'.
  owner text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_name, client_id)
);
