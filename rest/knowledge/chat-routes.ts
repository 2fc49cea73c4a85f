import { type Response, Router } from 'express';
import { chatHistory } from '../../operations/knowledge/chat-history.js';
import { pinChatContext } from '../../operations/knowledge/pin-chat-context.js';
import { type ChatEvent, sendChatMessage } from '../../operations/knowledge/send-chat-message.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { unwrap } from '../operation-response.js';
import { offsetOf } from '../pagination.js';
import { parse } from '../validate.js';
import { knowledgeContext } from './knowledge-context.js';
import { chatContextBody, chatHistoryQuery, chatMessageBody } from './schemas.js';

/** The history path's word for the project-wide conversation (no document). */
export const PROJECT_CONVERSATION = 'project';

/** `/api/chat`: questions answered from the project's knowledge documents, streamed as Server-Sent Events. */
export function chatRoutes(deps: RestDependencies): Router {
  const router = Router();

  // Checked and saved first (a refusal is a JSON error); then the answer streams, ending in `citations` and `done`, or `error`.
  router.post('/message', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const input = parse(chatMessageBody, req.body);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const events = unwrap(await sendChatMessage(knowledge, caller, input, abort.signal));
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    try {
      for await (const event of events) {
        if (abort.signal.aborted) break;
        writeEvent(res, event);
      }
    } catch (error) {
      req.log.error({ err: error }, 'chat answer failed');
      writeEvent(res, { type: 'error', code: 'INTERNAL', message: 'The answer could not be completed.', messageId: '' });
    }
    res.end();
  });

  router.get('/history/:documentId', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const page = parse(chatHistoryQuery, req.query);
    const documentId = req.params.documentId === PROJECT_CONVERSATION ? undefined : String(req.params.documentId);
    const history = unwrap(await chatHistory(knowledge, caller, { projectId: page.projectId, documentId, limit: page.limit, offset: offsetOf(page) }));
    const messages = history.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
    sendData(res, messages, { meta: { total: history.total, page: page.page, limit: page.limit, conversationId: history.conversationId } });
  });

  router.post('/context', async (req, res) => {
    const { knowledge, caller } = knowledgeContext(req, deps);
    const input = parse(chatContextBody, req.body);
    sendData(res, unwrap(await pinChatContext(knowledge, caller, input)));
  });

  return router;
}

function writeEvent(res: Response, event: ChatEvent): void {
  const { type, ...data } = event;
  res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}
