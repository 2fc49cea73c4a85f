-- The change feed: what happened to documents, in their users' terms (a card moved from one
-- column to another, by whom), written in the same transaction as the updates that did it (an
-- outbox), then handed to jobs that deliver it. Never derived again later: what was committed is
-- what is told.
CREATE TABLE document_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL UNIQUE,
  project_id uuid NOT NULL,
  document_name text NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
  kind text NOT NULL,
  type text NOT NULL,
  -- The entry the event is about (a card, an event, a pipeline item, a thread).
  entry_id text NOT NULL,
  -- 'user:<uuid>', 'key:<uuid>' or 'server'.
  actor text NOT NULL,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_events_by_project ON document_events (project_id, seq);

-- In-app notifications: one per event and person; the pair is unique, so a delivery run twice
-- notifies once.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  event_id uuid NOT NULL REFERENCES document_events (id) ON DELETE CASCADE,
  project_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (event_id, user_id)
);
CREATE INDEX notifications_inbox ON notifications (user_id, (read_at IS NULL) DESC, created_at DESC, id);
