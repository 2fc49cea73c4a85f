/** A stretch of the extracted text under one heading, on one page. */
export interface TextSection {
  start: number;
  end: number;
  heading: string | null;
  page: number | null;
}

/** A document's text with where each part came from: chunk offsets point into `text`. */
export interface ExtractedText {
  text: string;
  sections: TextSection[];
  pageCount: number | null;
  /** Pages past the cap were not read. */
  truncated: boolean;
}

/**
 * Builds the text section by section. What PostgreSQL cannot store (NUL, unpaired surrogates)
 * is dropped here, and runs of spaces collapse, so offsets are offsets of what is stored.
 */
export class TextBuilder {
  private text = '';
  private readonly sections: TextSection[] = [];

  add(raw: string, place: { heading: string | null; page: number | null }): void {
    const clean = cleanText(raw);
    if (clean.length === 0) return;
    if (this.text.length > 0) this.text += '\n\n';
    const start = this.text.length;
    this.text += clean;
    this.sections.push({ start, end: this.text.length, heading: place.heading ? cleanText(place.heading).slice(0, 500) : null, page: place.page });
  }

  finish(meta: { pageCount: number | null; truncated: boolean }): ExtractedText {
    return { text: this.text, sections: this.sections, ...meta };
  }
}

export function cleanText(raw: string): string {
  return raw
    // Unpaired surrogates are not Unicode (jsonb and text refuse them): U+FFFD instead.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\u0000/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
