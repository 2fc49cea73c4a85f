-- Per-document access (issue 22): a document may restrict what the project's members do with it.
-- member_access says what members do without a grant: 'project' (their project role, as before),
-- 'read' (read only: the grants say who writes), 'none' (the document is hidden from them).
-- A grant names a member (user_id) or every member of a project role (project_role) and caps
-- what they do with the document; it never lifts anyone above their project role, and owners and
-- admins always keep theirs (they manage access).
ALTER TABLE documents ADD COLUMN member_access text NOT NULL DEFAULT 'project' CHECK (member_access IN ('project', 'read', 'none'));

CREATE TABLE document_grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  document_id text NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  project_role text CHECK (project_role IN ('editor', 'commenter', 'viewer')),
  role text NOT NULL CHECK (role IN ('editor', 'commenter', 'viewer')),
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (project_id, document_id) REFERENCES documents (project_id, id) ON DELETE CASCADE,
  CHECK ((user_id IS NULL) <> (project_role IS NULL))
);
CREATE UNIQUE INDEX document_grants_member ON document_grants (project_id, document_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX document_grants_role ON document_grants (project_id, document_id, project_role) WHERE project_role IS NOT NULL;
CREATE INDEX document_grants_user ON document_grants (user_id) WHERE user_id IS NOT NULL;
