import { Parser } from 'htmlparser2';
import { type ExtractedText, TextBuilder } from './extracted-text.js';

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head']);
const BLOCKS = new Set(['p', 'div', 'li', 'br', 'tr', 'section', 'article', 'blockquote', 'pre', 'table', 'ul', 'ol', 'hr', 'dd', 'dt']);

/** HTML (and DOCX through mammoth's HTML) as text, one section per heading; scripts and styles are not text. */
export function extractHtml(html: string): ExtractedText {
  const builder = new TextBuilder();
  let heading: string | null = null;
  let headingText: string | null = null;
  let body = '';
  let skipping = 0;
  const flush = () => {
    builder.add(heading ? `${heading}\n${body}` : body, { heading, page: null });
    body = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping += 1;
        else if (HEADINGS.has(name)) headingText = '';
        else if (BLOCKS.has(name)) body += '\n';
      },
      ontext(text) {
        if (skipping > 0) return;
        if (headingText !== null) headingText += text;
        else body += text;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        else if (HEADINGS.has(name) && headingText !== null) {
          flush();
          heading = headingText.replace(/\s+/g, ' ').trim() || null;
          headingText = null;
        } else if (BLOCKS.has(name)) body += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return builder.finish({ pageCount: null, truncated: false });
}
