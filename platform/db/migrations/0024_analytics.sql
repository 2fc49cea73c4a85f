-- Usage analytics. Raw events are what clients report about their own use (`POST
-- /api/analytics/events`) and what importers bring (a CSV of past traffic); document changes are
-- not copied here: the change feed (`document_events`) already holds them and the rollups read both.
-- Raw events are kept ANALYTICS_RAW_RETENTION_DAYS (90), hourly rollups as long, daily rollups
-- ANALYTICS_ROLLUP_RETENTION_DAYS (730); a daily job removes what is past that.
CREATE TABLE analytics_events (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- Who reported it; null for imported rows and for people since erased.
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  source text NOT NULL CHECK (source IN ('client', 'import')),
  name text NOT NULL,
  properties jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
-- Exports and rollups read a project's events in time order; retention deletes by time.
CREATE INDEX analytics_events_by_project ON analytics_events (project_id, occurred_at, id);
CREATE INDEX analytics_events_by_time ON analytics_events (occurred_at);

-- Counts per project, event name and hour or day: what dashboards read. Recomputed from the raw
-- events of a window (delete, then insert, in one transaction), so running a rollup twice, or
-- after late events arrived, gives the same rows.
-- `source` keeps the origins apart: a client cannot report an event that counts as a document change.
CREATE TABLE analytics_rollups (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  granularity text NOT NULL CHECK (granularity IN ('hour', 'day')),
  bucket_start timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('client', 'import', 'feed')),
  name text NOT NULL,
  events bigint NOT NULL CHECK (events > 0),
  -- Distinct people in the bucket (not additive across buckets: each bucket counts its own).
  users integer NOT NULL CHECK (users >= 0),
  PRIMARY KEY (project_id, granularity, bucket_start, source, name)
);
CREATE INDEX analytics_rollups_by_time ON analytics_rollups (granularity, bucket_start);

-- Rollups read the change feed by time across projects.
CREATE INDEX document_events_by_time ON document_events (occurred_at);
