-- RLHF votes on pipeline items (a video, a video's script, a campaign), addressed by project,
-- pipeline document and entry id, as the REST item ids are. One current vote per person and item:
-- a second vote replaces the first (vote_history keeps both). No foreign key to the document: an
-- archived pipeline keeps its votes, and a vote is only ever taken on an item that exists (checked
-- against the live document by the operation).
-- The user reference has no cascade on purpose: deleting a person's votes here would leave the
-- aggregates counting them; retracting votes must go through the operation that moves buckets.
CREATE TABLE votes (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  entry_id text NOT NULL,
  item_type text NOT NULL CHECK (item_type IN ('video', 'script', 'campaign')),
  user_id uuid NOT NULL REFERENCES users (id),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  feedback text,
  -- The `sentiment` library's AFINN score and its per-token average, null without feedback.
  sentiment_score integer,
  sentiment_comparative double precision,
  -- The words that carried the score, so replacing the feedback can take them out of the item's terms.
  positive_terms text[] NOT NULL DEFAULT '{}',
  negative_terms text[] NOT NULL DEFAULT '{}',
  -- The campaign (its entry id) a video or script belonged to when the vote was cast: the campaign
  -- aggregate counts the vote there until the vote is replaced.
  campaign_id text,
  voted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, document_id, entry_id, item_type, user_id)
);
CREATE INDEX votes_by_user ON votes (user_id);

-- Every vote and every feedback change, in order: what replaced votes were.
CREATE TABLE vote_history (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  entry_id text NOT NULL,
  item_type text NOT NULL CHECK (item_type IN ('video', 'script', 'campaign')),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('vote', 'feedback')),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  feedback text,
  sentiment_score integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vote_history_by_item ON vote_history (project_id, document_id, entry_id, item_type, id);

-- Live aggregates, kept by adding each vote's delta in the vote's own transaction (never recounted
-- per request). scope 'item': key '<pipelineId>.<entryId>:<itemType>'; 'type': the item type;
-- 'campaign': '<pipelineId>.<campaignEntryId>'. `version` grows with every change, so a client that
-- receives pushed aggregates out of order keeps the newest.
CREATE TABLE vote_aggregates (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  scope text NOT NULL CHECK (scope IN ('item', 'type', 'campaign')),
  scope_key text NOT NULL,
  vote_count integer NOT NULL DEFAULT 0,
  rating_sum bigint NOT NULL DEFAULT 0,
  rating_1 integer NOT NULL DEFAULT 0,
  rating_2 integer NOT NULL DEFAULT 0,
  rating_3 integer NOT NULL DEFAULT 0,
  rating_4 integer NOT NULL DEFAULT 0,
  rating_5 integer NOT NULL DEFAULT 0,
  feedback_count integer NOT NULL DEFAULT 0,
  sentiment_sum bigint NOT NULL DEFAULT 0,
  comparative_sum double precision NOT NULL DEFAULT 0,
  version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, scope, scope_key)
);

-- The same current votes by the UTC day each was cast (a replaced vote moves to its new day).
CREATE TABLE vote_daily (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  scope text NOT NULL CHECK (scope IN ('item', 'type', 'campaign')),
  scope_key text NOT NULL,
  day date NOT NULL,
  vote_count integer NOT NULL DEFAULT 0,
  rating_sum bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, scope, scope_key, day)
);

-- The words behind each item's feedback sentiment, counted over current votes: its top terms.
CREATE TABLE vote_terms (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  scope_key text NOT NULL,
  polarity text NOT NULL CHECK (polarity IN ('positive', 'negative')),
  term text NOT NULL,
  uses integer NOT NULL,
  PRIMARY KEY (project_id, scope_key, polarity, term)
);
