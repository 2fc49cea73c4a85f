-- Scheduled activity reports: a person asks for a project's dashboard by email, weekly or monthly.
-- `next_due_at` is when the next one is owed; the worker's hourly pass sends what is due and moves
-- it on by the cadence. Leaving the project (or the person being erased) ends the subscription.
CREATE TABLE report_subscriptions (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cadence text NOT NULL CHECK (cadence IN ('weekly', 'monthly')),
  next_due_at timestamptz NOT NULL,
  last_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX report_subscriptions_due ON report_subscriptions (next_due_at);
