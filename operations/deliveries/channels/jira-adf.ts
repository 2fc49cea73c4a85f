/**
 * Atlassian Document Format, the little of it issues and comments need: paragraphs of text, some
 * strong, some links. Text is carried as text (ADF has no markup to escape); empty text nodes,
 * which JIRA refuses, are left out.
 */
export interface Span {
  text: string;
  href?: string;
  strong?: boolean;
}

interface AdfText {
  type: 'text';
  text: string;
  marks?: ({ type: 'strong' } | { type: 'link'; attrs: { href: string } })[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: { type: 'paragraph'; content: AdfText[] }[];
}

function node(span: Span): AdfText {
  const marks: NonNullable<AdfText['marks']> = [];
  if (span.strong) marks.push({ type: 'strong' });
  if (span.href) marks.push({ type: 'link', attrs: { href: span.href } });
  return marks.length > 0 ? { type: 'text', text: span.text, marks } : { type: 'text', text: span.text };
}

export function adfDoc(paragraphs: readonly (readonly Span[])[]): AdfDoc {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((spans) => spans.filter((span) => span.text.length > 0).map(node)).filter((content) => content.length > 0).map((content) => ({ type: 'paragraph', content })),
  };
}

/** Plain text (what people typed) as paragraphs, one per non-empty line. */
export function textParagraphs(text: string): Span[][] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => [{ text: line }]);
}

/** One line, at most `max` characters (JIRA's summary takes 255). */
export function oneLine(value: unknown, max = 255): string {
  const flat = (typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
