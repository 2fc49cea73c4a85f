-- Document history: whole states of a document at moments worth returning to. Automatic
-- checkpoints (after a quiet spell or many updates) and versions people name. Kept apart from the
-- update log, so compaction (which folds the log into the snapshot) never takes history with it;
-- automatic ones are pruned after HISTORY_RETENTION_DAYS, named ones stay with the document.
CREATE TABLE document_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL UNIQUE,
  document_name text NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('auto', 'named', 'before-restore')),
  label text,
  -- The document's whole state (a Yjs update from an empty document).
  state bytea NOT NULL,
  -- 'user:<uuid>', 'key:<uuid>' or 'server'.
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_versions_by_document ON document_versions (document_name, seq DESC);
