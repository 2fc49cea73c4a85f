-- Share links (issue 22): a revocable link that opens one document, as a viewer or a commenter,
-- to whoever has it (and its password, when it has one), without project membership.
-- Each link has its own identity (a users row nobody signs in as): its visitors' sessions, presence
-- and comments are that identity's, named by the link's label. Only the token's hash is stored.
CREATE TABLE document_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  document_id text NOT NULL,
  user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('commenter', 'viewer')),
  label text NOT NULL,
  -- scrypt, "salt:hash" in hex; null: no password.
  password_hash text,
  expires_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz,
  uses integer NOT NULL DEFAULT 0,
  FOREIGN KEY (project_id, document_id) REFERENCES documents (project_id, id) ON DELETE CASCADE
);
CREATE INDEX document_links_document ON document_links (project_id, document_id);
