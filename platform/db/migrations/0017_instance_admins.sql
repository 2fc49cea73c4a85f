-- Instance admins: the people who run this installation (loaded documents, snapshots, evictions,
-- job queues), apart from any project role. Granted and revoked only from the command line
-- (`npm run admin -- grant <email>`), never over the API, so no project owner can make themselves one.
CREATE TABLE instance_admins (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by text NOT NULL
);
