-- Listing entries across a project's documents (GET /api/tasks …): walk an index in the order
-- pages are served instead of sorting the project, and give the planner statistics on the JSON
-- fields lists filter by (without them it guesses 0.5% of rows match `archived = false`, which
-- is nearly all of them, and sorts everything). Text search uses trigram indexes.
DROP INDEX document_entries_by_project;
CREATE INDEX document_entries_listing ON document_entries (project_id, kind, collection, document_name, entry_id);
CREATE STATISTICS document_entries_archived ON ((data -> 'archived')) FROM document_entries;
CREATE STATISTICS document_entries_column ON ((data -> 'columnId')) FROM document_entries;
CREATE STATISTICS document_entries_stage ON ((data -> 'stage')) FROM document_entries;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX document_entries_title_trgm ON document_entries USING gin ((data ->> 'title') public.gin_trgm_ops);
CREATE INDEX document_entries_description_trgm ON document_entries USING gin ((data ->> 'description') public.gin_trgm_ops);
