import type { Request } from 'express';
import { AppError } from '../../platform/app-error.js';
import { readAtMost } from '../assets/small-file-form.js';

/** Files one upload request may carry. */
export const MAX_FILES_PER_UPLOAD = 10;
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface KnowledgeForm {
  files: { name: string; type: string; bytes: Uint8Array }[];
  fields: Record<string, string>;
}

/**
 * A multipart/form-data upload: up to ten `file` parts, together at most `maxBytes`
 * (KNOWLEDGE_MAX_FILE_BYTES), and text fields (projectId, title, language). The body is counted
 * as it arrives and refused (413) past that, so one request never holds more in memory.
 */
export async function readKnowledgeForm(req: Request, maxBytes: number): Promise<KnowledgeForm> {
  const contentType = req.get('content-type') ?? '';
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) {
    throw new AppError('VALIDATION_FAILED', 'Send the files as multipart/form-data, in parts named `file`.', [{ path: 'file', message: 'must be sent as multipart/form-data' }]);
  }
  const limit = maxBytes + FORM_OVERHEAD_BYTES;
  const announced = Number(req.get('content-length'));
  if (Number.isFinite(announced) && announced > limit) throw tooLarge(maxBytes);
  const body = await readAtMost(req, limit);
  if (!body) throw tooLarge(maxBytes);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('INVALID_BODY', 'The multipart/form-data body could not be read.');
  }
  const parts = form.getAll('file').filter((value): value is File => typeof value !== 'string');
  if (parts.length === 0 || parts.length > MAX_FILES_PER_UPLOAD) {
    throw new AppError('VALIDATION_FAILED', `Send 1 to ${MAX_FILES_PER_UPLOAD} files, in parts named \`file\`.`, [{ path: 'file', message: parts.length === 0 ? 'is required' : `must be at most ${MAX_FILES_PER_UPLOAD} files` }]);
  }
  if (parts.reduce((sum, part) => sum + part.size, 0) > maxBytes) throw tooLarge(maxBytes);
  const files = await Promise.all(parts.map(async (part) => ({ name: part.name, type: part.type, bytes: new Uint8Array(await part.arrayBuffer()) })));
  const fields: Record<string, string> = {};
  for (const name of ['projectId', 'title', 'language']) {
    const value = form.get(name);
    if (typeof value === 'string') fields[name] = value;
  }
  return { files, fields };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `One upload request carries at most ${maxBytes} bytes of files (KNOWLEDGE_MAX_FILE_BYTES), at most ${MAX_FILES_PER_UPLOAD} files: send large files one by one.`, { maxBytes });
}
