-- Scale-out (issue 14): each document counts the batches committed to its log. Every append bumps
-- it in the append's own transaction (the row lock orders appends of one document across
-- instances), so an instance that holds the document loaded knows from one number whether it has
-- seen every committed batch, and catches up from the log when it has not.
ALTER TABLE documents ADD COLUMN version bigint NOT NULL DEFAULT 0;
