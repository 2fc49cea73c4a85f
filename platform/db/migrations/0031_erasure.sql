-- Erasure (issue 22): a person's account and personal data removed, from documents' history too.

-- Who erased people become: one shared identity that author fields, creators and feed actors point
-- to afterwards. Nobody signs in as it (it has no identities).
INSERT INTO users (id, email, name) VALUES ('00000000-0000-4000-8000-0000000e7a5e', 'erased-user@invalid', 'Erased user')
ON CONFLICT (id) DO NOTHING;

-- One row per erasure asked for. `user_id` goes (SET NULL) with the person's row when the erasure
-- finishes, so a finished erasure does not name whom it erased.
CREATE TABLE erasures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  requested_by text NOT NULL CHECK (requested_by IN ('self', 'admin')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  documents_reset integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One erasure per person at a time: asking again while one waits or runs answers that one.
CREATE UNIQUE INDEX erasures_one_in_flight ON erasures (user_id) WHERE status IN ('pending', 'running');

-- A document's epoch: bumped each time its history is rewritten (an erasure's reset). Clients that
-- hold a copy of an older epoch must drop it rather than merge it back.
ALTER TABLE documents ADD COLUMN epoch integer NOT NULL DEFAULT 0;

-- Yjs client ids whose structs were in a document before a reset: the new state has none of them,
-- so an update that carries one comes from a copy made before the reset and is refused.
CREATE TABLE document_retired_clients (
  document_name text NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
  client_id bigint NOT NULL,
  retired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_name, client_id)
);

-- The audit log stays append-only, with one more narrow exception: an erasure marks its own
-- transaction with the person's id (and email) in `studio.erasure_user` / `studio.erasure_email`,
-- and may then rewrite the rows that name them (their id, email or IP go; what was done, when and
-- in which project stay). It can delete nothing, and cannot touch rows that do not name them.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  erased_user text := coalesce(current_setting('studio.erasure_user', true), '');
  erased_email text := coalesce(current_setting('studio.erasure_email', true), '');
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND OLD.project_id IS NOT NULL AND current_setting('studio.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND length(erased_user) = 36
     AND (strpos(row_to_json(OLD)::text, erased_user) > 0 OR (length(erased_email) > 3 AND strpos(lower(row_to_json(OLD)::text), lower(erased_email)) > 0))
     AND NEW.id = OLD.id AND NEW.action = OLD.action AND NEW.created_at = OLD.created_at
     AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND NEW.actor_api_key_id IS NOT DISTINCT FROM OLD.actor_api_key_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
