import { type ChunkHit, type SearchScope, countEmbedded, fullTextSearch, highlight, pgvectorInstalled, vectorSearch } from '../../storage/knowledge/knowledge-search.js';
import { AiError } from '../ai/ai-provider.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

/** Reciprocal rank fusion's constant: a hit at rank r in one list adds 1 / (k + r). */
export const RRF_K = 60;
/** How many candidates each list gives the fusion. */
const CANDIDATES = 50;

export interface SearchHit {
  chunkId: string;
  documentId: string;
  projectId: string;
  documentTitle: string;
  heading: string | null;
  page: number | null;
  start: number;
  end: number;
  text: string;
  /** HTML: the text escaped, the query's terms in <mark>. */
  snippet: string;
  score: number;
  /** Which searches found it. */
  matchedBy: ('fulltext' | 'semantic')[];
}

/** How the search ran: clients show it (a search without semantic part says so plainly). */
export interface SearchMode {
  fulltext: true;
  semantic: 'on' | 'off: no AI provider is configured (OPENAI_API_KEY)' | 'off: too many chunks for the exact scan (KNOWLEDGE_VECTOR_SCAN_MAX_CHUNKS)' | `off: the AI provider failed (${string})`;
  vectorBackend: 'pgvector' | 'real[] scan' | null;
}

/** Hybrid search in the scope: full-text and vector lists fused by reciprocal rank. */
export async function searchScope(deps: KnowledgeDeps, scope: SearchScope, query: string, limit: number): Promise<{ hits: SearchHit[]; mode: SearchMode }> {
  const text = await fullTextSearch(deps.db, scope, query, CANDIDATES);
  const { hits: semantic, mode } = await semanticPart(deps, scope, query);
  const fused = fuse(text, semantic).slice(0, limit);
  const snippets = await highlight(deps.db, fused.map((hit) => hit.hit.chunkId), query);
  const hits = fused.map(({ hit, score, matchedBy }) => ({
    chunkId: hit.chunkId,
    documentId: hit.documentId,
    projectId: hit.projectId,
    documentTitle: hit.documentTitle,
    heading: hit.heading,
    page: hit.page,
    start: hit.start,
    end: hit.end,
    text: hit.content,
    snippet: markedToHtml(snippets.get(hit.chunkId) ?? hit.content.slice(0, 300)),
    score,
    matchedBy,
  }));
  return { hits, mode };
}

/**
 * `GET /api/search`: chunks of the caller's projects (one project when `projectId` is given: 404
 * when the caller cannot read it), with document, position and a highlighted snippet.
 */
export async function searchKnowledge(deps: KnowledgeDeps, caller: Caller, input: { query: string; projectId?: string | undefined; limit: number }): Promise<Outcome<{ hits: SearchHit[]; mode: SearchMode }>> {
  let projectIds: string[];
  if (input.projectId !== undefined) {
    const access = await requireProjectRole(caller, input.projectId, 'assets.read');
    if (!access.ok) return access;
    projectIds = [access.value.projectId];
  } else projectIds = await caller.projectIds();
  if (projectIds.length === 0) return ok({ hits: [], mode: { fulltext: true, semantic: deps.ai ? 'on' : 'off: no AI provider is configured (OPENAI_API_KEY)', vectorBackend: null } });
  return ok(await searchScope(deps, { projectIds }, input.query, input.limit));
}

async function semanticPart(deps: KnowledgeDeps, scope: SearchScope, query: string): Promise<{ hits: ChunkHit[]; mode: SearchMode }> {
  if (!deps.ai) return { hits: [], mode: { fulltext: true, semantic: 'off: no AI provider is configured (OPENAI_API_KEY)', vectorBackend: null } };
  const pgvector = await pgvectorInstalled(deps.db);
  const vectorBackend = pgvector ? 'pgvector' : 'real[] scan';
  if (!pgvector && (await countEmbedded(deps.db, scope, deps.ai.embeddingModel)) > deps.settings.vectorScanMaxChunks) {
    return { hits: [], mode: { fulltext: true, semantic: 'off: too many chunks for the exact scan (KNOWLEDGE_VECTOR_SCAN_MAX_CHUNKS)', vectorBackend } };
  }
  try {
    const [vector] = await deps.ai.embed([query]);
    const nearest = await vectorSearch(deps.db, scope, vector!, { model: deps.ai.embeddingModel, limit: CANDIDATES, pgvector });
    const hits = nearest.filter((hit) => hit.score >= deps.settings.minSimilarity);
    return { hits, mode: { fulltext: true, semantic: 'on', vectorBackend } };
  } catch (error) {
    if (!(error instanceof AiError)) throw error;
    deps.logger.warn({ code: error.code }, 'semantic search skipped: the AI provider failed');
    return { hits: [], mode: { fulltext: true, semantic: `off: the AI provider failed (${error.code})`, vectorBackend } };
  }
}

function fuse(text: readonly ChunkHit[], semantic: readonly ChunkHit[]): { hit: ChunkHit; score: number; matchedBy: ('fulltext' | 'semantic')[] }[] {
  const fused = new Map<string, { hit: ChunkHit; score: number; matchedBy: ('fulltext' | 'semantic')[] }>();
  const add = (list: readonly ChunkHit[], by: 'fulltext' | 'semantic') =>
    list.forEach((hit, index) => {
      const entry = fused.get(hit.chunkId) ?? { hit, score: 0, matchedBy: [] };
      entry.score += 1 / (RRF_K + index + 1);
      entry.matchedBy.push(by);
      fused.set(hit.chunkId, entry);
    });
  add(text, 'fulltext');
  add(semantic, 'semantic');
  return [...fused.values()].sort((a, b) => b.score - a.score || a.hit.chunkId.localeCompare(b.hit.chunkId));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The document's text is untrusted: escaped first, then the markers become <mark>. */
export function markedToHtml(marked: string): string {
  return marked.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\uE000/g, '<mark>').replace(/\uE001/g, '</mark>');
}
