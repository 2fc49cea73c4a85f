-- Where a project's events go besides the in-app inbox: chat webhooks, JIRA, email. Settings in
-- clear, secrets (webhook URLs with tokens, API tokens) encrypted at rest.
CREATE TABLE integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('discord', 'slack', 'jira', 'email')),
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  -- AES-256-GCM ciphertext with its key id (see platform/secrets); null when the kind has none.
  secret text,
  -- The event types it receives; empty means all.
  event_types text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'broken', 'disabled')),
  broken_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX integrations_by_project ON integrations (project_id, kind);

-- One event to one destination (an integration, or a person for email). The pair is unique, so a
-- fan-out that runs twice delivers once. 'sending' is written and committed before the call out,
-- so a worker that dies mid-call leaves a record of what is in doubt.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES document_events (id) ON DELETE CASCADE,
  project_id uuid NOT NULL,
  channel text NOT NULL,
  destination text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  not_before timestamptz NOT NULL DEFAULT now(),
  -- What the destination calls it (a chat message id, a JIRA issue key).
  external_ref text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sending_since timestamptz,
  delivered_at timestamptz,
  UNIQUE (event_id, channel, destination)
);
CREATE INDEX deliveries_due ON deliveries (channel, destination, status, not_before);
CREATE INDEX deliveries_by_project ON deliveries (project_id, created_at DESC, id);
