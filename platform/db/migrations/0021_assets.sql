-- Uploaded files of a project. A row exists from the moment an upload is asked for ('pending'),
-- so an upload can only be completed by whoever asked for it, in its project, before it expires.
-- The file lives in the blob store under `storage_key`, which we generate; `name` is what the
-- uploader called it, kept as display text only (never part of a key or a path).
--   pending → uploaded (verified: size, type from its bytes, sha256) → processing → ready | failed
CREATE TABLE assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- Who uploaded it: a person, or an API key (which acts for its creator). One of the two.
  uploader_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  uploader_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
  name text NOT NULL,
  declared_type text NOT NULL,
  -- What its first bytes say it is; null until the upload is completed.
  detected_type text,
  -- The size the uploader announced (counted against the quota while pending), then the real one.
  declared_size bigint NOT NULL CHECK (declared_size > 0),
  size bigint CHECK (size >= 0),
  checksum_sha256 text,
  storage_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'uploaded', 'processing', 'ready', 'failed')),
  -- Why it failed, or why a ready asset has no preview ("no preview: ffmpeg not installed").
  reason text,
  -- Previews and what processing learnt: {"thumbnailKey", "posterKey", "width", "height", "durationSeconds"}.
  derived jsonb NOT NULL DEFAULT '{}',
  upload_expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Lists newest first per project; the quota sums a project's sizes.
CREATE INDEX assets_by_project ON assets (project_id, created_at DESC, id DESC);
