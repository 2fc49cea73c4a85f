-- Uploaded files attached to requests. Requests live in rows (not documents), so their attachments
-- do too: one row per (request, asset). The asset must be of the request's project (checked by the
-- operation; the project column lets "where is this file linked" be one indexed lookup). Deleting
-- an asset unlinks it from requests explicitly first (and reports where); the cascade only keeps
-- the table clean if a row goes some other way (a project deleted).
CREATE TABLE request_attachments (
  request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- Who attached it, as the change feed names actors: 'user:<uuid>' or 'key:<uuid>'.
  attached_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, asset_id)
);
CREATE INDEX request_attachments_by_asset ON request_attachments (project_id, asset_id);
