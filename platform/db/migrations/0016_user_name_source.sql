-- Where a user's display name came from. 'invitation': a member was added by email before they ever
-- signed in, and their name is only that email; the first sign-in that brings a name (the sign-in
-- form, Google's profile, SAML) replaces it. 'person': the person gave it; nothing overwrites it
-- except the person, through their profile.
ALTER TABLE users ADD COLUMN name_source text NOT NULL DEFAULT 'person' CHECK (name_source IN ('person', 'invitation'));
