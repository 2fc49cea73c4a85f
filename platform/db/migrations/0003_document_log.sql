-- Collaborative documents: every Yjs update is appended (group-committed) before a client is
-- told it is saved; snapshots compact the log in the background. Loading = snapshot + tail.
CREATE TABLE document_updates (
  seq bigserial PRIMARY KEY,
  document_name text NOT NULL,
  update bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_updates_by_document ON document_updates (document_name, seq);

CREATE TABLE document_snapshots (
  document_name text PRIMARY KEY,
  state bytea NOT NULL,
  last_seq bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
