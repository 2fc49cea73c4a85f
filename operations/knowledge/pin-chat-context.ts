import { normalizedUuid } from '../../identity/projects.js';
import { conversationFor, existingInProject, pin, pinsOf, unpin } from '../../storage/knowledge/conversations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { conversationKey } from './conversation-key.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

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
