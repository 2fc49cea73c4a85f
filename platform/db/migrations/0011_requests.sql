-- Requests: asks raised to a project's team (a design change, some user research…), with a status
-- workflow, an assignee and comments. They live in rows, not in documents: each change is one
-- transaction with the events it makes.

-- Events of things outside documents (requests, an integration turning broken) have no document.
ALTER TABLE document_events ALTER COLUMN document_name DROP NOT NULL;

CREATE TABLE requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('design-change', 'user-research', 'dev-handoff', 'content-update', 'report-user-pattern')),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'in-review', 'done', 'declined')),
  priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  -- Who raised it, as the change feed names actors: 'user:<uuid>' or 'key:<uuid>'.
  requester text NOT NULL,
  assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
  figma_url text,
  -- [{ url, title }]: links only (https), checked and bounded at the edge.
  attachments jsonb NOT NULL DEFAULT '[]',
  -- Bumped by every change; a PUT names the version it read (optimistic concurrency).
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The listing's order (newest first) and its filters, each within a project.
CREATE INDEX requests_by_project ON requests (project_id, created_at DESC, id DESC);
CREATE INDEX requests_by_status ON requests (project_id, status, created_at DESC, id DESC);
CREATE INDEX requests_by_assignee ON requests (project_id, assignee_id, created_at DESC, id DESC);

CREATE TABLE request_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  -- 'user:<uuid>' or 'key:<uuid>'.
  author text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_comments_by_request ON request_comments (request_id, created_at, id);

-- Which JIRA issue a task or a request became, per JIRA integration. The row is written (without
-- a key) before the create call goes out and completed with the key when JIRA answers, so a create
-- whose answer was lost is known to be in doubt: its retry searches JIRA by the issue's label
-- before it creates anything (see operations/deliveries/channels/jira-issues.ts).
CREATE TABLE jira_issues (
  integration_id uuid NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  -- 'task:<projectId>.<boardId>.<cardId>' or 'request:<uuid>'.
  source text NOT NULL,
  issue_key text,
  issue_id text,
  -- When the last create call went out whose outcome is not known yet (null once known).
  create_attempted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (integration_id, source)
);
