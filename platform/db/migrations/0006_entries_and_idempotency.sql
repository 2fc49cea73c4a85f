-- A per-entry projection of every document (cards, columns, events, pipeline items, comments…),
-- derived from the Yjs state and written in the same transaction as the updates that changed it,
-- so REST can list across a project's documents without loading them. Rebuildable from the log.
CREATE TABLE document_entries (
  document_name text NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
  project_id uuid NOT NULL,
  kind text NOT NULL,
  collection text NOT NULL,
  entry_id text NOT NULL,
  -- The entry as readers see it (validated, defaults for fields in flight).
  data jsonb NOT NULL,
  -- A version of this entry's content (its ETag); changes whenever the entry does.
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_name, collection, entry_id)
);
CREATE INDEX document_entries_by_project ON document_entries (project_id, kind, collection, entry_id);

-- Which projection a document's rows follow; documents behind the current one are rebuilt when loaded.
ALTER TABLE documents ADD COLUMN projection_version integer NOT NULL DEFAULT 0;

-- POST requests with an Idempotency-Key: the first response, replayed to retries of the same
-- caller for 24 hours; the same key with another body is refused.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  -- null while the first request is still running.
  status integer,
  response jsonb,
  headers jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
