import archiver from 'archiver';
import PDFDocument from 'pdfkit';
import type { client } from './client.js';

type Api = ReturnType<typeof client>;

export interface KnowledgeDoc {
  id: string;
  projectId: string;
  title: string;
  fileName: string;
  kind: string | null;
  status: 'queued' | 'processing' | 'ready' | 'failed';
  progress: number;
  error: { code: string; message: string } | null;
  embeddings: string;
  pageCount: number | null;
  truncated: boolean;
  chunkCount: number;
  content?: string | null;
}

export interface Hit {
  chunkId: string;
  documentId: string;
  projectId: string;
  documentTitle: string;
  page: number | null;
  heading: string | null;
  start: number;
  end: number;
  text: string;
  snippet: string;
  matchedBy: string[];
}

export interface UploadFile {
  name: string;
  type?: string;
  bytes: Uint8Array | string;
}

/** POST /api/documents with multipart parts `file` (and projectId, title, language fields). */
export async function uploadKnowledge(baseUrl: string, token: string, projectId: string, files: UploadFile[], fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('projectId', projectId);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const file of files) {
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    form.append('file', new Blob([new Uint8Array(bytes)], file.type ? { type: file.type } : {}), file.name);
  }
  const response = await fetch(`${baseUrl}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as { data: KnowledgeDoc[]; error?: { code: string } } };
}

/** Waits until the document is ready or failed, and answers it (usable in hooks, where expect.poll is not). */
export async function settledDocument(api: Api, token: string, projectId: string, id: string): Promise<KnowledgeDoc> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const doc = (await api.call<KnowledgeDoc>('GET', `/api/documents/${id}?projectId=${projectId}`, { token })).body.data;
    if (doc?.status === 'ready' || doc?.status === 'failed') return doc;
    if (Date.now() > deadline) throw new Error(`document ${id} still ${doc?.status ?? 'missing'} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** POST /api/chat/message and read the whole event stream. */
export async function chat(baseUrl: string, token: string, body: Record<string, unknown>): Promise<{ status: number; contentType: string | null; events: SseEvent[]; json?: { error?: { code: string } } }> {
  const response = await fetch(`${baseUrl}/api/chat/message`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  if (!contentType?.startsWith('text/event-stream')) return { status: response.status, contentType, events: [], json: JSON.parse(text) as { error?: { code: string } } };
  const events = text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
  return { status: response.status, contentType, events };
}

export function answerText(events: SseEvent[]): string {
  return events.filter((e) => e.event === 'delta').map((e) => String(e.data.text)).join('');
}

/** A PDF with one paragraph per page (pdfkit); `userPassword` encrypts it. */
export function makePdf(pages: string[], options: { userPassword?: string } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.7' as const } : {}) });
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    for (const text of pages) {
      doc.addPage();
      doc.fontSize(12).text(text);
    }
    doc.end();
  });
}

/** A minimal DOCX (the three parts Word needs), zipped with archiver. */
export function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escape(p)}</w:t></w:r></w:p>`).join('');
  return new Promise((resolve, reject) => {
    const zip = archiver('zip');
    const parts: Buffer[] = [];
    zip.on('data', (part: Buffer) => parts.push(part));
    zip.on('end', () => resolve(Buffer.concat(parts)));
    zip.on('error', reject);
    zip.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>', { name: '[Content_Types].xml' });
    zip.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>', { name: '_rels/.rels' });
    zip.append(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`, { name: 'word/document.xml' });
    void zip.finalize();
  });
}
