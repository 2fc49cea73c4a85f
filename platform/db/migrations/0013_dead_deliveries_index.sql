-- The deliveries admin view's usual question: what died in this project, newest first. Only dead
-- rows are indexed, so the index costs nothing while deliveries go pending → sending → delivered.
CREATE INDEX deliveries_dead_by_project ON deliveries (project_id, created_at DESC, id) WHERE status = 'dead';
