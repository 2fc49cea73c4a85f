import { RequestFailed, sessionRequest } from '../api.js';

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

export type ChatStreamEvent =
  | { event: 'start'; data: { mode: 'ai' | 'extractive'; conversationId: string } }
  | { event: 'delta'; data: { text: string } }
  | { event: 'citations'; data: { citations: Citation[] } }
  | { event: 'done'; data: { messageId: string; mode: string } }
  | { event: 'error'; data: { code: string; message: string } };

/** POST /api/chat/message, calling `onEvent` for each Server-Sent Event as it arrives (signing out stops it too). */
export async function streamChat(body: { projectId: string; documentId?: string; message: string }, onEvent: (event: ChatStreamEvent) => void, signal?: AbortSignal): Promise<void> {
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) };
  await sessionRequest('/api/chat/message', init, async (response) => {
    if (!response.ok || !response.body) {
      const parsed = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new RequestFailed(response.status, parsed?.error?.code ?? 'HTTP_ERROR', parsed?.error?.message ?? `Request failed (${response.status})`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) onEvent({ event, data: JSON.parse(data) } as ChatStreamEvent);
      }
    }
  });
}
