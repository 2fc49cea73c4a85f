/**
 * A local fake of an OpenAI-compatible server for the `openai` client (OPENAI_BASE_URL = fake.url):
 * `/v1/embeddings` gives deterministic vectors in which related words land near each other (a
 * small concept table, each concept one dimension; other words hashed into the rest), and
 * `/v1/chat/completions` streams SSE chunks. It can answer 429 or hang on demand, and records
 * what it was sent.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export const DIMENSIONS = 256;

/** Words of one concept share a dimension: "photovoltaic" is near "solar panels". */
const CONCEPTS: readonly (readonly string[])[] = [
  ['solar', 'sun', 'sunlight', 'photovoltaic', 'panel', 'panels', 'renewable', 'energy', 'electricity', 'power', 'rooftop'],
  ['cat', 'cats', 'dog', 'dogs', 'kitten', 'puppy', 'pet', 'pets', 'animal', 'animals', 'feline', 'canine', 'vet'],
  ['budget', 'cost', 'costs', 'price', 'invoice', 'money', 'spend', 'spending', 'expense', 'expenses', 'finance', 'funding', 'euros'],
  ['rain', 'water', 'river', 'flood', 'flooding', 'irrigation', 'ocean', 'rainfall', 'drought'],
  ['recipe', 'cooking', 'food', 'bread', 'meal', 'kitchen', 'bake', 'baking', 'flour'],
  ['password', 'secret', 'credentials', 'confidential', 'classified'],
];

export type ChatBehaviour = 'answer' | 'echo' | 'unsupported';

export interface FakeOpenAi {
  /** Base URL for the client (ends in /v1). */
  url: string;
  /** How chat answers: cite the best passage (default), echo the request's messages as JSON, or say the documents do not say. */
  chatBehaviour: ChatBehaviour;
  /** When set, every chat request is answered with exactly this text (streamed), whatever `chatBehaviour` says. */
  chatReply: string | null;
  /** The next `times` requests to a path matching `pattern` answer `status` (429 with Retry-After-Ms: 10). */
  failNext(pattern: RegExp, status: number, times?: number): void;
  /** Requests to a path matching `pattern` never answer (until `hang(null)`). */
  hang(pattern: RegExp | null): void;
  requests: { path: string; body: { model?: string; input?: string[]; messages?: { role: string; content: string }[]; stream?: boolean } }[];
  count(pattern: RegExp): number;
  close(): Promise<void>;
}

export function embeddingOf(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const concept = CONCEPTS.findIndex((words) => words.includes(word));
    if (concept >= 0) vector[concept]! += 3;
    else vector[CONCEPTS.length + (createHash('sha256').update(word).digest().readUInt32BE(0) % (DIMENSIONS - CONCEPTS.length))]! += 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  return vector.map((x) => x / norm);
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const failures: { pattern: RegExp; status: number; times: number }[] = [];
  let hanging: RegExp | null = null;
  const sockets = new Set<Socket>();
  const fake = {} as FakeOpenAi;
  fake.chatBehaviour = 'answer';
  fake.chatReply = null;
  fake.requests = [];
  fake.failNext = (pattern, status, times = 1) => void failures.push({ pattern, status, times });
  fake.hang = (pattern) => void (hanging = pattern);
  fake.count = (pattern) => fake.requests.filter((r) => pattern.test(r.path)).length;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0]!;
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeOpenAi['requests'][number]['body']) : {};
    fake.requests.push({ path, body });
    if (hanging?.test(path)) return;
    const failure = failures.find((f) => f.times > 0 && f.pattern.test(path));
    if (failure) {
      failure.times -= 1;
      res.writeHead(failure.status, { 'content-type': 'application/json', 'retry-after-ms': '10', 'x-should-retry': failure.status === 429 || failure.status >= 500 ? 'true' : 'false' });
      return void res.end(JSON.stringify({ error: { message: `fake failure ${failure.status}`, type: 'fake', code: String(failure.status) } }));
    }
    if (path === '/v1/embeddings') {
      const data = (body.input ?? []).map((text, index) => ({ object: 'embedding', index, embedding: embeddingOf(text) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 0, total_tokens: 0 } }));
    }
    if (path === '/v1/chat/completions') return streamAnswer(res, fake.chatReply ?? answerFor(fake.chatBehaviour, body.messages ?? []), body.model ?? 'fake');
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'no such route' } }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

/** The answer: the passage sharing most concepts with the question, its first sentence, cited. */
function answerFor(behaviour: ChatBehaviour, messages: { role: string; content: string }[]): string {
  if (behaviour === 'echo') return JSON.stringify(messages);
  if (behaviour === 'unsupported') return 'The documents do not say.';
  const last = messages.at(-1)?.content ?? '';
  const question = /Question: ([\s\S]*)$/.exec(last)?.[1] ?? last;
  const context = /<context>\n([\s\S]*?)\n<\/context>/.exec(last)?.[1] ?? '';
  const passages = [...context.matchAll(/^\[(\d+)\] [^\n]*\n([\s\S]*?)(?=\n\n\[\d+\] |(?![\s\S]))/gm)].map((m) => ({ n: Number(m[1]), text: m[2]! }));
  if (passages.length === 0) return 'The documents do not say.';
  const q = embeddingOf(question);
  const best = passages.map((p) => ({ ...p, score: embeddingOf(p.text).reduce((sum, x, i) => sum + x * q[i]!, 0) })).sort((a, b) => b.score - a.score)[0]!;
  const sentence = best.text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)[0]!.trim();
  return `According to the documents, ${sentence} [${best.n}]`;
}

function streamAnswer(res: http.ServerResponse, text: string, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const id = `chatcmpl-${Date.now()}`;
  const pieces = text.match(/.{1,24}/gs) ?? [''];
  const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const piece of pieces) res.write(chunk({ content: piece }, null));
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}
