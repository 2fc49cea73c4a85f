import { fileTypeFromBuffer } from 'file-type';

export type KnowledgeKind = 'pdf' | 'docx' | 'markdown' | 'html' | 'text';
export const KNOWLEDGE_KINDS = ['pdf', 'docx', 'markdown', 'html', 'text'] as const;

/** Why a file was not indexed: stable codes clients branch on (shown per file). */
export type KnowledgeErrorCode = 'FILE_EMPTY' | 'FILE_TYPE_MISMATCH' | 'FILE_TYPE_UNSUPPORTED' | 'PDF_ENCRYPTED' | 'FILE_CORRUPT' | 'NO_TEXT' | 'FILE_MISSING';

export class KnowledgeFileError extends Error {
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KnowledgeFileError';
  }
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BY_TYPE: Record<string, KnowledgeKind> = {
  'application/pdf': 'pdf',
  [DOCX]: 'docx',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
};
const BY_EXTENSION: Record<string, KnowledgeKind> = { pdf: 'pdf', docx: 'docx', md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', txt: 'text', text: 'text' };
const BINARY_KINDS: Record<string, KnowledgeKind> = { 'application/pdf': 'pdf', [DOCX]: 'docx' };

/**
 * What a file is, from its bytes first: PDF and DOCX by their magic numbers; the text kinds must
 * be UTF-8 without NUL bytes, and their name or declared type says which. A file whose bytes say
 * something else than its name or type (a PDF called notes.md, an image called a.pdf) is refused.
 */
export async function knowledgeKindOf(file: { name: string; declaredType: string; bytes: Uint8Array }): Promise<KnowledgeKind> {
  if (file.bytes.length === 0) throw new KnowledgeFileError('FILE_EMPTY', 'The file is empty.');
  const declared = file.declaredType.split(';')[0]!.trim().toLowerCase();
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const claimed = BY_TYPE[declared] ?? BY_EXTENSION[extension] ?? null;
  const detected = (await fileTypeFromBuffer(file.bytes.subarray(0, 4_100)))?.mime;
  const fromBytes = detected ? BINARY_KINDS[detected] : isText(file.bytes) ? 'text' : undefined;
  if (fromBytes === undefined) {
    if (claimed) throw new KnowledgeFileError('FILE_TYPE_MISMATCH', `The file is named or declared as ${claimed}, but its bytes are ${detected ?? 'not a supported format'}.`);
    throw new KnowledgeFileError('FILE_TYPE_UNSUPPORTED', `Files of type ${detected ?? 'unknown'} are not supported; send PDF, DOCX, Markdown, HTML or plain text.`);
  }
  if (fromBytes === 'text') {
    if (claimed === 'pdf' || claimed === 'docx') throw new KnowledgeFileError('FILE_TYPE_MISMATCH', `The file is named or declared as ${claimed}, but its bytes are plain text.`);
    return claimed ?? 'text';
  }
  if (claimed && claimed !== fromBytes) throw new KnowledgeFileError('FILE_TYPE_MISMATCH', `The file is named or declared as ${claimed}, but its bytes are ${fromBytes}.`);
  return fromBytes;
}

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
