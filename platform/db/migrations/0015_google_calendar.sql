-- Google accounts a person connected for calendar sync: the refresh token sealed (platform/secrets).
-- 'needs-reconnect' once Google refuses the token (revoked, expired): links through it pause.
CREATE TABLE google_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  google_subject text NOT NULL,
  email text NOT NULL,
  refresh_token text NOT NULL,
  scopes text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs-reconnect')),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, google_subject)
);

-- A content calendar document kept in step with one Google calendar. One link per document and one
-- per Google calendar: two documents writing one calendar (or the reverse) could not both be right.
CREATE TABLE google_calendar_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  document_name text NOT NULL UNIQUE REFERENCES documents (name) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES google_accounts (id) ON DELETE CASCADE,
  google_calendar_id text NOT NULL UNIQUE,
  google_calendar_summary text NOT NULL,
  google_time_zone text NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Where the next incremental list starts; null: the next sync lists everything.
  sync_token text,
  -- The push channel (events.watch), when the server is reachable from Google; its token hashed.
  channel_id text UNIQUE,
  channel_resource_id text,
  channel_token_hash text,
  channel_expires_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs-reconnect', 'error')),
  last_error text,
  last_synced_at timestamptz,
  -- The last pass that ended, well or not: a link in error is retried at the polling pace from it.
  last_attempt_at timestamptz,
  -- Google events with recurrences, which are not synced (counted so the screen can say so).
  recurring_skipped integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX google_calendar_links_by_project ON google_calendar_links (project_id);

-- One event known on both sides. `synced` is what both sides held after the last sync: the base a
-- later change on either side is compared with. `google_updated` is the Google version it reflects,
-- so a change list replayed after a crash is recognised as old.
CREATE TABLE google_calendar_entries (
  link_id uuid NOT NULL REFERENCES google_calendar_links (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  google_event_id text NOT NULL,
  etag text,
  google_updated timestamptz,
  synced jsonb NOT NULL,
  -- The last time both sides changed one event: which fields, which side won, when.
  conflict jsonb,
  -- 'unknown-time-zone:<name>' and the like: kept, with what was not understood.
  flags text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (link_id, event_id),
  UNIQUE (link_id, google_event_id)
);
