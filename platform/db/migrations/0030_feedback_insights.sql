-- What the language model read in an item's feedback, when one is configured: its overall
-- sentiment and its themes. One row per item ('<pipelineId>.<entryId>:<itemType>'), replaced when
-- the feedback changes; `digest` is of the texts it read, so unchanged feedback is not sent again.
CREATE TABLE vote_feedback_insights (
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  item_key text NOT NULL,
  model text NOT NULL,
  digest text NOT NULL,
  feedback_count integer NOT NULL,
  -- -1 (all negative) to 1 (all positive).
  sentiment double precision NOT NULL CHECK (sentiment BETWEEN -1 AND 1),
  summary text NOT NULL,
  themes jsonb NOT NULL,
  analysed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, item_key)
);
