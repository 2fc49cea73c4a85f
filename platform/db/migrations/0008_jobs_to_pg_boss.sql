-- Jobs moved to pg-boss (its own schema, created by pg-boss at start). The hand-written queue's
-- table only ever held maintenance jobs, which pg-boss schedules again.
DROP TABLE jobs;
