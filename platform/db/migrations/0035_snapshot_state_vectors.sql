-- Each snapshot's state vector, written with it (issue 12): a client opening a document that is not
-- loaded yet is sent the stored snapshot while the server's copy loads, and the server's own answer
-- then starts from this vector. Computing it from the snapshot costs a full decode (~40 ms for a
-- 10,000-card board); NULL for snapshots written before this migration (computed when needed).
ALTER TABLE document_snapshots ADD COLUMN state_vector bytea;
