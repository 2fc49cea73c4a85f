import mammoth from 'mammoth';
import { getDocumentProxy } from 'unpdf';
import { extractHtml } from './extract-html.js';
import { type ExtractedText, TextBuilder } from './extracted-text.js';
import { type KnowledgeKind, KnowledgeFileError } from './knowledge-file.js';

/**
 * A file's text with its structure: pages of a PDF (at most `maxPdfPages` read), headings of
 * Markdown, HTML and DOCX. Unreadable files throw a KnowledgeFileError with their code.
 */
export async function extractText(kind: KnowledgeKind, bytes: Uint8Array, options: { maxPdfPages: number }): Promise<ExtractedText> {
  const extracted = await byKind(kind, bytes, options);
  if (extracted.text.trim().length === 0) throw new KnowledgeFileError('NO_TEXT', kind === 'pdf' ? 'The PDF has no text layer (a scan?): nothing to index.' : 'The file has no text.');
  return extracted;
}

async function byKind(kind: KnowledgeKind, bytes: Uint8Array, options: { maxPdfPages: number }): Promise<ExtractedText> {
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes, options.maxPdfPages);
    case 'docx':
      return extractDocx(bytes);
    case 'html':
      return extractHtml(new TextDecoder().decode(bytes));
    case 'markdown':
      return extractMarkdown(new TextDecoder().decode(bytes));
    case 'text': {
      const builder = new TextBuilder();
      builder.add(new TextDecoder().decode(bytes), { heading: null, page: null });
      return builder.finish({ pageCount: null, truncated: false });
    }
  }
}

async function extractPdf(bytes: Uint8Array, maxPages: number): Promise<ExtractedText> {
  let pdf;
  try {
    // pdf.js takes the buffer over: give it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') throw new KnowledgeFileError('PDF_ENCRYPTED', 'The PDF is encrypted (password protected): remove the password and upload it again.');
    throw new KnowledgeFileError('FILE_CORRUPT', `The PDF could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const builder = new TextBuilder();
    const pages = Math.min(pdf.numPages, maxPages);
    for (let number = 1; number <= pages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
      builder.add(text, { heading: null, page: number });
      page.cleanup();
    }
    return builder.finish({ pageCount: pdf.numPages, truncated: pdf.numPages > maxPages });
  } catch (error) {
    if (error instanceof KnowledgeFileError) throw error;
    throw new KnowledgeFileError('FILE_CORRUPT', `The PDF could not be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await pdf.cleanup();
  }
}

async function extractDocx(bytes: Uint8Array): Promise<ExtractedText> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new KnowledgeFileError('FILE_CORRUPT', `The DOCX could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return extractHtml(html);
}

/** Markdown keeps its text as written; each `#` heading starts a section. */
function extractMarkdown(markdown: string): ExtractedText {
  const builder = new TextBuilder();
  let heading: string | null = null;
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    builder.add(lines.join('\n'), { heading, page: null });
    lines = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) {
      flush();
      heading = match[1]!;
      lines.push(heading);
    } else lines.push(line);
  }
  flush();
  return builder.finish({ pageCount: null, truncated: false });
}
