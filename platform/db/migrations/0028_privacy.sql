-- Privacy (issue 22): a person's data exports, and how long each project keeps its audit log,
-- notifications and raw analytics events.

-- One row per export asked for. The archive (a ZIP) lives in the blob store under `storage_key`
-- until `expires_at`; then a job deletes it and the row says 'expired' (its link answers 404).
CREATE TABLE data_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'ready', 'failed', 'expired')),
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  storage_key text UNIQUE,
  size bigint CHECK (size >= 0),
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- At most one export per person waiting or being built: asking again while one is returns it.
CREATE UNIQUE INDEX data_exports_one_in_flight ON data_exports (user_id) WHERE status IN ('pending', 'running');
CREATE INDEX data_exports_by_user ON data_exports (user_id, created_at DESC);
CREATE INDEX data_exports_expiring ON data_exports (expires_at) WHERE status = 'ready';

-- A project's retention, in days; null: the instance default (audit log and notifications: kept;
-- raw analytics events: ANALYTICS_RAW_RETENTION_DAYS). Bounds are checked here and by the operation.
CREATE TABLE project_retention (
  project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  audit_days integer CHECK (audit_days BETWEEN 30 AND 3650),
  notification_days integer CHECK (notification_days BETWEEN 7 AND 3650),
  analytics_raw_days integer CHECK (analytics_raw_days BETWEEN 7 AND 3650),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Retention deletes a project's notifications by age.
CREATE INDEX notifications_by_project_age ON notifications (project_id, created_at);
CREATE INDEX audit_log_by_project_age ON audit_log (project_id, created_at) WHERE project_id IS NOT NULL;

-- The audit log stays append-only for everyone but the retention job, which marks its own
-- transaction (SET LOCAL studio.audit_retention = 'on') to remove a project's records past its
-- retention. Records without a project (sign-ins, instance admins' actions) are never its to remove.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND OLD.project_id IS NOT NULL AND current_setting('studio.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
