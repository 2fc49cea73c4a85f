import { type StoredMessage, findConversation, listMessages } from '../../storage/knowledge/conversations.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { conversationKey } from './conversation-key.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

/** The caller's messages in a conversation, newest first (an empty page before the first message). */
export async function chatHistory(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId?: string | undefined; limit: number; offset: number }): Promise<Outcome<{ conversationId: string | null; messages: StoredMessage[]; total: number }>> {
  const key = await conversationKey(deps, caller, input);
  if (!key.ok) return key;
  const conversationId = await findConversation(deps.db, key.value);
  if (!conversationId) return ok({ conversationId: null, messages: [], total: 0 });
  return ok({ conversationId, ...(await listMessages(deps.db, conversationId, input)) });
}
