import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MediaError, MissingToolError } from './media-error.js';

const run = promisify(execFile);

/** Longest pdftoppm may take on one page before the file counts as unreadable. */
const TOOL_TIMEOUT_MS = 60_000;
/** The page's longer side in pixels: a poster-sized render whatever the page's own size claims (a huge MediaBox stays bounded). */
const RENDER_SIZE = 1280;

/**
 * The first page of a PDF as a PNG, rendered by poppler's pdftoppm (one page only, scaled to fit
 * RENDER_SIZE). A missing pdftoppm is a MissingToolError (the file is kept without a preview);
 * a file it cannot read is a MediaError with its first line of complaint.
 */
export async function pdfFirstPage(file: string, pdftoppmPath: string, workDir: string): Promise<Buffer> {
  const prefix = path.join(workDir, 'page');
  try {
    // Arguments go straight to the program (no shell); the file is our temporary copy, never a name of the uploader's.
    await run(pdftoppmPath, ['-q', '-png', '-f', '1', '-l', '1', '-singlefile', '-scale-to', String(RENDER_SIZE), file, prefix], { timeout: TOOL_TIMEOUT_MS, maxBuffer: 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    if (failure.code === 'ENOENT') throw new MissingToolError('pdftoppm');
    if (failure.killed) throw new MediaError(`not a readable PDF: pdftoppm took longer than ${TOOL_TIMEOUT_MS / 1000} s`);
    const said = (failure.stderr ?? '').trim().split('\n')[0] || `pdftoppm exited with ${String(failure.code)}`;
    throw new MediaError(`not a readable PDF: ${said}`);
  }
  const page = await fs.promises.readFile(`${prefix}.png`).catch(() => null);
  if (!page) throw new MediaError('not a readable PDF: it has no page to show');
  return page;
}
