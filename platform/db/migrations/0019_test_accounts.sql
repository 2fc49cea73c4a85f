-- Credentials of third-party test accounts a project's team shares (the seed's Testing & Accounts).
-- Envelope encryption (platform/vault.ts): the secrets (password, TOTP seed, notes) are one
-- AES-256-GCM blob under a random per-record data key; that key is stored only wrapped by a master
-- key from the configuration, whose id sits beside it. The master key itself is never stored here.
-- Rotating the master key rewrites wrapped_key and master_key_id only; sealed_secrets stays as is.
CREATE TABLE test_accounts (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  service text NOT NULL,
  username text NOT NULL,
  environment text NOT NULL CHECK (environment IN ('production', 'staging', 'development', 'other')),
  -- Project roles allowed to reveal the secrets (owners always are: the operations add them).
  reveal_roles text[] NOT NULL DEFAULT '{owner,admin}',
  -- What the sealed blob holds, so listings can say so without opening it.
  has_password boolean NOT NULL,
  has_totp boolean NOT NULL,
  has_notes boolean NOT NULL,
  master_key_id text NOT NULL,
  wrapped_key text NOT NULL,
  sealed_secrets text NOT NULL,
  -- When the password last changed (set, replaced or cleared): the "last rotated" of listings.
  password_changed_at timestamptz,
  last_revealed_at timestamptz,
  -- Rotation policy: every rotation_days the password is due. With a rotator webhook (its URL is in
  -- the sealed blob: it may carry a token) the server asks it for a new password; without one the
  -- people who may reveal the account are reminded. rotation_due_at: when the policy acts next
  -- (null: no policy); a worker pushes it forward while it works on the account (a lease).
  rotation_days integer CHECK (rotation_days BETWEEN 1 AND 365),
  has_rotator boolean NOT NULL DEFAULT false,
  rotation_due_at timestamptz,
  rotation_status text NOT NULL DEFAULT 'none' CHECK (rotation_status IN ('none', 'ok', 'reminded', 'failed')),
  rotation_error text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Listing: a project's accounts by service, then id (the cursor).
CREATE INDEX test_accounts_by_project ON test_accounts (project_id, lower(service), id);
-- Start-up's key check and the re-wrap after a master-key rotation look records up by key id.
CREATE INDEX test_accounts_by_master_key ON test_accounts (master_key_id);
-- The rotation scan: accounts whose policy is due.
CREATE INDEX test_accounts_rotation_due ON test_accounts (rotation_due_at) WHERE rotation_due_at IS NOT NULL;
