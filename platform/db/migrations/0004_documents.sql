-- The document registry: which collaborative documents exist, so projects can list their boards
-- and the collab server refuses names nobody created. Content stays in document_updates/_snapshots.
CREATE TABLE documents (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('kanban', 'calendar', 'pipeline', 'annotations')),
  name text NOT NULL UNIQUE,
  title text NOT NULL,
  -- A user, or null when an API key created it (created_by_api_key says which).
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_by_api_key uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  size_bytes bigint NOT NULL DEFAULT 0,
  archived_at timestamptz,
  PRIMARY KEY (project_id, id),
  CHECK (name = kind || ':' || project_id::text || ':' || id)
);
CREATE INDEX documents_listing ON documents (project_id, archived_at, created_at DESC, id);
