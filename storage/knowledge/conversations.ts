import type { Queryable } from '../../platform/db/database.js';

export interface Citation {
  index: number;
  chunkId: string;
  documentId: string;
  documentTitle: string;
  page: number | null;
  heading: string | null;
  start: number;
  end: number;
  quote: string;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  mode: 'ai' | 'extractive' | 'not-found' | 'error' | null;
  citations: Citation[];
  errorCode: string | null;
  createdAt: Date;
}

interface MessageRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  mode: StoredMessage['mode'];
  citations: Citation[] | string;
  error_code: string | null;
  created_at: Date;
}

function messageOf(row: MessageRow): StoredMessage {
  return { id: String(row.id), role: row.role, content: row.content, mode: row.mode, citations: typeof row.citations === 'string' ? (JSON.parse(row.citations) as Citation[]) : row.citations, errorCode: row.error_code, createdAt: new Date(row.created_at) };
}

/** The caller's conversation in a project (about one document, or the whole project when null); made on first use. */
export async function conversationFor(db: Queryable, key: { projectId: string; caller: string; documentId: string | null }): Promise<string> {
  const found = await findConversation(db, key);
  if (found) return found;
  await db.query(
    `INSERT INTO knowledge_conversations (project_id, caller, document_id) VALUES ($1, $2, $3)
     ON CONFLICT (project_id, caller, coalesce(document_id, '00000000-0000-0000-0000-000000000000'::uuid)) DO NOTHING`,
    [key.projectId, key.caller, key.documentId],
  );
  const made = await findConversation(db, key);
  if (!made) throw new Error('the conversation could not be made');
  return made;
}

export async function findConversation(db: Queryable, key: { projectId: string; caller: string; documentId: string | null }): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM knowledge_conversations WHERE project_id = $1 AND caller = $2 AND document_id IS NOT DISTINCT FROM $3::uuid', [key.projectId, key.caller, key.documentId]);
  return rows[0]?.id ?? null;
}

export async function addMessage(db: Queryable, conversationId: string, message: { role: 'user' | 'assistant'; content: string; mode?: StoredMessage['mode']; citations?: Citation[]; errorCode?: string | null }): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO knowledge_messages (conversation_id, role, content, mode, citations, error_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
    conversationId,
    message.role,
    message.content,
    message.mode ?? null,
    JSON.stringify(message.citations ?? []),
    message.errorCode ?? null,
  ]);
  await db.query('UPDATE knowledge_conversations SET updated_at = now() WHERE id = $1', [conversationId]);
  return String(rows[0]!.id);
}

/** Newest first. */
export async function listMessages(db: Queryable, conversationId: string, page: { limit: number; offset: number }): Promise<{ messages: StoredMessage[]; total: number }> {
  const { rows } = await db.query<MessageRow>('SELECT id, role, content, mode, citations, error_code, created_at FROM knowledge_messages WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3', [conversationId, page.limit, page.offset]);
  const total = await db.query<{ count: string }>('SELECT count(*) AS count FROM knowledge_messages WHERE conversation_id = $1', [conversationId]);
  return { messages: rows.map(messageOf), total: Number(total.rows[0]?.count ?? 0) };
}

export async function pin(db: Queryable, conversationId: string, kind: 'document' | 'chunk', ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('INSERT INTO knowledge_pins (conversation_id, kind, target_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING', [conversationId, kind, ids]);
}

export async function unpin(db: Queryable, conversationId: string, kind: 'document' | 'chunk', ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query('DELETE FROM knowledge_pins WHERE conversation_id = $1 AND kind = $2 AND target_id = ANY($3::uuid[])', [conversationId, kind, ids]);
}

/** What is pinned, as ids still in the conversation's project (deleted documents and chunks drop out). */
export async function pinsOf(db: Queryable, conversationId: string): Promise<{ documentIds: string[]; chunkIds: string[] }> {
  const { rows } = await db.query<{ kind: 'document' | 'chunk'; target_id: string }>(
    `SELECT p.kind, p.target_id FROM knowledge_pins p JOIN knowledge_conversations k ON k.id = p.conversation_id
     WHERE p.conversation_id = $1 AND (
       (p.kind = 'document' AND EXISTS (SELECT 1 FROM knowledge_documents d WHERE d.id = p.target_id AND d.project_id = k.project_id)) OR
       (p.kind = 'chunk' AND EXISTS (SELECT 1 FROM knowledge_chunks c WHERE c.id = p.target_id AND c.project_id = k.project_id)))
     ORDER BY p.created_at, p.target_id`,
    [conversationId],
  );
  return { documentIds: rows.filter((r) => r.kind === 'document').map((r) => r.target_id), chunkIds: rows.filter((r) => r.kind === 'chunk').map((r) => r.target_id) };
}

/** Of `ids`, those that are chunks (or documents) of the project. */
export async function existingInProject(db: Queryable, projectId: string, kind: 'document' | 'chunk', ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const table = kind === 'document' ? 'knowledge_documents' : 'knowledge_chunks';
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE project_id = $1 AND id = ANY($2::uuid[])`, [projectId, ids]);
  return rows.map((r) => r.id);
}

/** Pinned passages with what citations need, in pin order. */
export async function pinnedChunks(db: Queryable, projectId: string, chunkIds: readonly string[]): Promise<{ chunkId: string; documentId: string; projectId: string; documentTitle: string; content: string; heading: string | null; page: number | null; start: number; end: number; score: number }[]> {
  if (chunkIds.length === 0) return [];
  const { rows } = await db.query<{ id: string; document_id: string; title: string; content: string; heading: string | null; page: number | null; start_offset: number; end_offset: number }>(
    'SELECT c.id, c.document_id, d.title, c.content, c.heading, c.page, c.start_offset, c.end_offset FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE c.project_id = $1 AND c.id = ANY($2::uuid[])',
    [projectId, chunkIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return chunkIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ chunkId: r.id, documentId: r.document_id, projectId, documentTitle: r.title, content: r.content, heading: r.heading, page: r.page, start: r.start_offset, end: r.end_offset, score: 1 }] : [];
  });
}
