-- The colour a person chose for themselves (their initials and presence on every board); null
-- keeps the one derived from their id.
ALTER TABLE users ADD COLUMN color text CHECK (color IS NULL OR color ~ '^#[0-9a-f]{6}$');
