-- What each person wants to hear about in each of their projects, and how: per group of event
-- types (tasks, calendar…) and per type, the channels (in-app, email) that carry it. Only what a
-- person chose is stored; whatever they left alone follows the defaults in code, so changing a
-- default reaches everyone who never touched it. No row: all defaults.
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- {"groups": {"tasks": ["inApp"]}, "types": {"task.assigned": ["inApp", "email"]}}
  channels jsonb NOT NULL DEFAULT '{}',
  -- How long email for this person gathers into one digest; null: the default.
  email_digest_minutes integer CHECK (email_digest_minutes BETWEEN 0 AND 1440),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id)
);
