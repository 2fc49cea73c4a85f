import { normalizedUuid } from '../../identity/projects.js';
import { type StoredMessage, conversationFor, existingInProject, findConversation, listMessages, pin, pinsOf, unpin } from '../../storage/knowledge/conversations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { callerKey, requireKnowledgeDocument } from './knowledge-access.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

async function conversationKey(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId?: string | undefined }): Promise<Outcome<{ projectId: string; caller: string; documentId: string | null }>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  let documentId: string | null = null;
  if (input.documentId !== undefined) {
    const found = await requireKnowledgeDocument(deps.db, caller, { projectId: access.value.projectId, documentId: input.documentId }, 'assets.read');
    if (!found.ok) return found;
    documentId = found.value.document.id;
  }
  return ok({ projectId: access.value.projectId, caller: callerKey(caller), documentId });
}

/** The caller's messages in a conversation, newest first (an empty page before the first message). */
export async function chatHistory(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId?: string | undefined; limit: number; offset: number }): Promise<Outcome<{ conversationId: string | null; messages: StoredMessage[]; total: number }>> {
  const key = await conversationKey(deps, caller, input);
  if (!key.ok) return key;
  const conversationId = await findConversation(deps.db, key.value);
  if (!conversationId) return ok({ conversationId: null, messages: [], total: 0 });
  return ok({ conversationId, ...(await listMessages(deps.db, conversationId, input)) });
}

export interface PinInput {
  projectId: string;
  documentId?: string | undefined;
  pin: { documentIds: string[]; chunkIds: string[] };
  unpin: { documentIds: string[]; chunkIds: string[] };
}

/**
 * Pins documents (the conversation then retrieves from them only) or passages (always sent as
 * context) to the caller's conversation, or unpins them. Ids of other projects are 404.
 */
export async function pinChatContext(deps: KnowledgeDeps, caller: Caller, input: PinInput): Promise<Outcome<{ conversationId: string; documentIds: string[]; chunkIds: string[] }>> {
  const key = await conversationKey(deps, caller, input);
  if (!key.ok) return key;
  const projectId = key.value.projectId;
  for (const kind of ['document', 'chunk'] as const) {
    const ids = kind === 'document' ? input.pin.documentIds : input.pin.chunkIds;
    const normal = ids.map(normalizedUuid);
    const found = normal.every((id) => id !== null) ? await existingInProject(deps.db, projectId, kind, normal as string[]) : [];
    if (found.length !== new Set(normal).size) return fail('NOT_FOUND', `No such ${kind === 'document' ? 'knowledge document' : 'passage'} in this project.`);
  }
  const conversationId = await conversationFor(deps.db, key.value);
  await deps.db.transaction(async (tx) => {
    await pin(tx, conversationId, 'document', input.pin.documentIds.map((id) => id.toLowerCase()));
    await pin(tx, conversationId, 'chunk', input.pin.chunkIds.map((id) => id.toLowerCase()));
    await unpin(tx, conversationId, 'document', input.unpin.documentIds.flatMap((id) => normalizedUuid(id) ?? []));
    await unpin(tx, conversationId, 'chunk', input.unpin.chunkIds.flatMap((id) => normalizedUuid(id) ?? []));
  });
  return ok({ conversationId, ...(await pinsOf(deps.db, conversationId)) });
}
