import { type Citation, addMessage, conversationFor, listMessages, pinnedChunks, pinsOf } from '../../storage/knowledge/conversations.js';
import type { ChunkHit } from '../../storage/knowledge/knowledge-search.js';
import { AiError } from '../ai/ai-provider.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { NOT_IN_CONTEXT, anyTermQuery, buildChatPrompt } from './chat-prompt.js';
import { extractiveAnswer } from './extractive-answer.js';
import { callerKey, requireKnowledgeDocument } from './knowledge-access.js';
import type { KnowledgeDeps } from './knowledge-deps.js';
import { type SearchMode, searchScope } from './search-knowledge.js';

export type AnswerMode = 'ai' | 'extractive' | 'not-found' | 'error';

/** What the answer stream carries, in order: start, deltas, citations, done (or error). */
export type ChatEvent =
  | { type: 'start'; conversationId: string; userMessageId: string; mode: 'ai' | 'extractive'; search: SearchMode }
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'done'; messageId: string; mode: AnswerMode }
  | { type: 'error'; code: string; message: string; messageId: string };

export interface ChatInput {
  projectId: string;
  /** The knowledge document the conversation is about; absent: the project's conversation. */
  documentId?: string | undefined;
  message: string;
}

const RETRIEVED = 8;
const HISTORY_READ = 40;
const NOT_FOUND_TEXT = 'The documents available to this conversation do not contain anything that answers this question.';

/**
 * A chat turn (any member: viewers too). Checked and saved before anything streams: the user's
 * message is stored whatever happens next. Passages come from the conversation's scope only (the
 * project; its pinned documents, or the document it is about, when there are any), so the model
 * never sees another project's text. With a provider the answer streams from the model and cites
 * the passages it names; without one it is an extractive answer (quotes, labelled as such).
 */
export async function sendChatMessage(deps: KnowledgeDeps, caller: Caller, input: ChatInput, signal?: AbortSignal): Promise<Outcome<AsyncGenerator<ChatEvent>>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  const projectId = access.value.projectId;
  let documentId: string | null = null;
  if (input.documentId !== undefined) {
    const found = await requireKnowledgeDocument(deps.db, caller, { projectId, documentId: input.documentId }, 'assets.read');
    if (!found.ok) return found;
    documentId = found.value.document.id;
  }
  if (input.message.trim().length === 0) return fail('VALIDATION_FAILED', 'The message is empty.', [{ path: 'message', message: 'must not be empty' }]);
  const conversationId = await conversationFor(deps.db, { projectId, caller: callerKey(caller), documentId });
  const history = (await listMessages(deps.db, conversationId, { limit: HISTORY_READ, offset: 0 })).messages;
  const userMessageId = await addMessage(deps.db, conversationId, { role: 'user', content: input.message });
  return ok(answer(deps, { conversationId, userMessageId, projectId, documentId, question: input.message, history }, signal));
}

async function* answer(deps: KnowledgeDeps, turn: { conversationId: string; userMessageId: string; projectId: string; documentId: string | null; question: string; history: Awaited<ReturnType<typeof listMessages>>['messages'] }, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
  const pins = await pinsOf(deps.db, turn.conversationId);
  const documentIds = pins.documentIds.length > 0 ? [...pins.documentIds, ...(turn.documentId ? [turn.documentId] : [])] : turn.documentId ? [turn.documentId] : undefined;
  const scope = { projectIds: [turn.projectId], documentIds };
  const pinned: ChunkHit[] = await pinnedChunks(deps.db, turn.projectId, pins.chunkIds);
  const { hits, mode: search } = await searchScope(deps, scope, anyTermQuery(turn.question), RETRIEVED);
  const retrieved: ChunkHit[] = hits.map((hit) => ({ chunkId: hit.chunkId, documentId: hit.documentId, projectId: hit.projectId, documentTitle: hit.documentTitle, content: hit.text, heading: hit.heading, page: hit.page, start: hit.start, end: hit.end, score: hit.score }));
  const ai = deps.ai;
  yield { type: 'start', conversationId: turn.conversationId, userMessageId: turn.userMessageId, mode: ai ? 'ai' : 'extractive', search };

  if (pinned.length + retrieved.length === 0) {
    yield { type: 'delta', text: NOT_FOUND_TEXT };
    yield { type: 'citations', citations: [] };
    const messageId = await addMessage(deps.db, turn.conversationId, { role: 'assistant', content: NOT_FOUND_TEXT, mode: 'not-found' });
    yield { type: 'done', messageId, mode: 'not-found' };
    return;
  }
  if (!ai) {
    const extractive = extractiveAnswer(turn.question, [...pinned, ...retrieved]);
    yield { type: 'delta', text: extractive.text };
    yield { type: 'citations', citations: extractive.citations };
    const messageId = await addMessage(deps.db, turn.conversationId, { role: 'assistant', content: extractive.text, mode: 'extractive', citations: extractive.citations });
    yield { type: 'done', messageId, mode: 'extractive' };
    return;
  }

  const prompt = buildChatPrompt({ question: turn.question, pinned, retrieved, history: turn.history, budgetTokens: deps.settings.chatTokenBudget });
  let text = '';
  try {
    for await (const delta of ai.streamChat(prompt.messages, signal)) {
      text += delta;
      yield { type: 'delta', text: delta };
    }
  } catch (error) {
    if (!(error instanceof AiError)) throw error;
    const messageId = await addMessage(deps.db, turn.conversationId, { role: 'assistant', content: text, mode: 'error', errorCode: error.code });
    yield { type: 'error', code: error.code, message: error.message, messageId };
    return;
  }
  const unsupported = text.trim().startsWith(NOT_IN_CONTEXT) || text.trim().length === 0;
  const citations = unsupported ? [] : citedPassages(text, prompt.passages);
  yield { type: 'citations', citations };
  const mode: AnswerMode = unsupported ? 'not-found' : 'ai';
  const messageId = await addMessage(deps.db, turn.conversationId, { role: 'assistant', content: unsupported ? NOT_IN_CONTEXT : text, mode, citations });
  yield { type: 'done', messageId, mode };
}

/** The passages the answer names ([n]), each once, with the quoted text. */
function citedPassages(text: string, passages: readonly ChunkHit[]): Citation[] {
  const numbers = [...new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])))].filter((n) => n >= 1 && n <= passages.length);
  return numbers.map((n) => {
    const hit = passages[n - 1]!;
    return { index: n, chunkId: hit.chunkId, documentId: hit.documentId, documentTitle: hit.documentTitle, page: hit.page, heading: hit.heading, start: hit.start, end: hit.end, quote: hit.content.length > 400 ? `${hit.content.slice(0, 399)}…` : hit.content };
  });
}
