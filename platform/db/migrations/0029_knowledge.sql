-- Knowledge documents (issue 16): files uploaded to a project to be searched and asked about
-- (PDF, DOCX, Markdown, HTML, plain text). Not the collaborative documents of `documents`.
--   queued → processing → ready | failed (with an error code: PDF_ENCRYPTED, FILE_CORRUPT, ...)
-- The file lives in the blob store under `storage_key` (ids only; `file_name` is display text).
CREATE TABLE knowledge_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  uploader_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  uploader_api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
  title text NOT NULL,
  file_name text NOT NULL,
  -- What the file is, from its bytes (and its name for the text kinds): pdf, docx, markdown, html, text.
  kind text CHECK (kind IN ('pdf', 'docx', 'markdown', 'html', 'text')),
  size bigint NOT NULL CHECK (size >= 0),
  storage_key text UNIQUE,
  -- The text search configuration its chunks are indexed with ('english', 'german', 'simple', ...).
  language regconfig NOT NULL DEFAULT 'english',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error_code text,
  error_message text,
  -- skipped: no embedding provider; pending; done; failed (full-text search still works).
  embedding_status text NOT NULL DEFAULT 'pending' CHECK (embedding_status IN ('skipped', 'pending', 'done', 'failed')),
  page_count integer,
  -- Pages past KNOWLEDGE_MAX_PDF_PAGES were not read.
  truncated boolean NOT NULL DEFAULT false,
  -- The extracted text: chunk offsets point into it, and the reader shows it.
  content text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_by_project ON knowledge_documents (project_id, created_at DESC, id DESC);

-- Passages of a document, cut along its structure (headings, pages), ~500–800 tokens with overlap.
-- `tsv` is generated with the document's language; `embedding` is a unit-length vector as real[]
-- on every backend (pgvector's operators cast it at query time where the extension exists).
CREATE TABLE knowledge_chunks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  -- Copied from the document so every search filters on it directly (access is per project).
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  content text NOT NULL,
  heading text,
  page integer,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  token_count integer NOT NULL,
  language regconfig NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector(language, coalesce(heading, '') || ' ' || content)) STORED,
  embedding real[],
  embedding_model text,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX knowledge_chunks_tsv ON knowledge_chunks USING gin (tsv);
CREATE INDEX knowledge_chunks_by_project ON knowledge_chunks (project_id, document_id);

-- pgvector where the server offers it (PGlite loads it; PostgreSQL 15 here has none): searches
-- use its distance operator then, and an exact scan of real[] otherwise. A role that may not
-- create it gets the fallback rather than a failed migration.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pgvector is available but this role may not create it: knowledge search scans real[] instead';
    END;
  END IF;
END
$$;

-- One conversation per caller (a person or an API key), project and knowledge document (or the
-- whole project when document_id is null).
CREATE TABLE knowledge_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- 'user:<id>' or 'key:<id>'.
  caller text NOT NULL,
  document_id uuid REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX knowledge_conversations_once ON knowledge_conversations (project_id, caller, coalesce(document_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE TABLE knowledge_messages (
  id bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES knowledge_conversations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  -- How an assistant answer was made: ai, extractive (no provider), not-found (nothing relevant), error.
  mode text CHECK (mode IN ('ai', 'extractive', 'not-found', 'error')),
  citations jsonb NOT NULL DEFAULT '[]',
  error_code text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_messages_by_conversation ON knowledge_messages (conversation_id, id DESC);

-- Documents or passages pinned to a conversation: always in its context (passages), or the only
-- documents it retrieves from (documents).
CREATE TABLE knowledge_pins (
  conversation_id uuid NOT NULL REFERENCES knowledge_conversations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('document', 'chunk')),
  target_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, kind, target_id)
);
