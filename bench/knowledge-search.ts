/**
 * `npm run bench:knowledge`: hybrid search latency over N knowledge chunks per backend (PGlite
 * with pgvector; PostgreSQL without it: the exact real[] scan), and ingest speed (PDF pages
 * extracted and chunked per second). Chunks and 1536-dimension unit vectors are written straight
 * into the tables; the query embedding comes from an in-process provider (no network), so the
 * numbers are the database's. Queries are two words, either of which may match (as chat retrieval
 * asks), over a synthetic vocabulary in which each word is in ~4 % of chunks.
 *   npm run bench:knowledge -- [--chunks 10000] [--queries 60] [--pages 200] [--postgres URL]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import pg from 'pg';
import type { AiProvider } from '../operations/ai/ai-provider.js';
import { chunkText } from '../operations/knowledge/chunk-text.js';
import { extractText } from '../operations/knowledge/extract-text.js';
import type { KnowledgeDeps } from '../operations/knowledge/knowledge-deps.js';
import { searchScope } from '../operations/knowledge/search-knowledge.js';
import type { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase, openPglite } from '../platform/db/open-database.js';
import { createLogger } from '../platform/logger.js';
import { percentile, round, table } from './lib/stats.js';

const { values } = parseArgs({ options: { chunks: { type: 'string', default: '10000' }, queries: { type: 'string', default: '60' }, pages: { type: 'string', default: '200' }, postgres: { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' } } });
const CHUNKS = Number(values.chunks);
const QUERIES = Number(values.queries);
const DIMS = 1536;
const logger = createLogger({ log: { level: 'silent', format: 'json' } });
/** A synthetic vocabulary: each word is in ~4 % of chunks, so a two-word query matches a few dozen (as real queries do). */
const WORDS = Array.from({ length: 3_000 }, (_, i) => `term${i.toString(36)}`);
const wordAt = (seed: number) => WORDS[Math.floor(Math.abs(Math.sin(seed) * 1e6)) % WORDS.length]!;

const randomUnit = (): number[] => {
  const v = Array.from({ length: DIMS }, () => Math.random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const provider: AiProvider = { embeddingModel: 'bench', chatModel: 'bench', embed: async (texts) => texts.map(randomUnit), async *streamChat() {} };

async function seed(db: Database): Promise<string> {
  const user = (await db.query<{ id: string }>("INSERT INTO users (email, name) VALUES ($1, 'Bench') RETURNING id", [`bench-${randomBytes(4).toString('hex')}@example.com`])).rows[0]!.id;
  const project = (await db.query<{ id: string }>("INSERT INTO projects (name, created_by) VALUES ('Bench', $1) RETURNING id", [user])).rows[0]!.id;
  const perDoc = 100;
  for (let d = 0; d < CHUNKS / perDoc; d += 1) {
    const doc = (await db.query<{ id: string }>("INSERT INTO knowledge_documents (project_id, title, file_name, kind, size, status) VALUES ($1, $2, 'b.txt', 'text', 0, 'ready') RETURNING id", [project, `Doc ${d}`])).rows[0]!.id;
    const contents = Array.from({ length: perDoc }, (_, i) => Array.from({ length: 120 }, (_, w) => wordAt(d * 1e5 + i * 200 + w + 1)).join(' '));
    await db.query(
      `INSERT INTO knowledge_chunks (document_id, project_id, ordinal, content, start_offset, end_offset, token_count, language, embedding, embedding_model)
       SELECT $1, $2, c.ordinal, c.content, 0, length(c.content), 200, 'english', c.embedding::real[], 'bench' FROM unnest($3::int[], $4::text[], $5::text[]) AS c(ordinal, content, embedding)`,
      [doc, project, contents.map((_, i) => i), contents, contents.map(() => `{${randomUnit().join(',')}}`)],
    );
  }
  return project;
}

async function measure(kind: string, db: Database): Promise<(string | number)[][]> {
  await migrate(db);
  const project = await seed(db);
  const deps = (ai: AiProvider | null) => ({ db, ai, logger, settings: { maxFileBytes: 0, maxPdfPages: 0, chatTokenBudget: 6000, vectorScanMaxChunks: CHUNKS * 2, minSimilarity: 0 } }) as unknown as KnowledgeDeps;
  const rows: (string | number)[][] = [];
  for (const [label, ai] of [['full-text only', null], ['hybrid', provider]] as const) {
    const samples: number[] = [];
    for (let q = 0; q < QUERIES; q += 1) {
      const started = performance.now();
      await searchScope(deps(ai), { projectIds: [project] }, `${wordAt(q + 0.5)} or ${wordAt(q + 0.25)}`, 10);
      samples.push(performance.now() - started);
    }
    rows.push([kind, label, CHUNKS, round(percentile(samples, 50)), round(percentile(samples, 99))]);
  }
  return rows;
}

async function ingest(pages: number): Promise<(string | number)[]> {
  const pdf = await new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const parts: Buffer[] = [];
    doc.on('data', (p: Buffer) => parts.push(p));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    for (let p = 0; p < pages; p += 1) doc.addPage().fontSize(10).text(Array.from({ length: 350 }, (_, w) => wordAt(p * 1000 + w)).join(' ') + '.');
    doc.end();
  });
  const started = performance.now();
  const extracted = await extractText('pdf', pdf, { maxPdfPages: pages });
  const chunks = chunkText(extracted);
  const seconds = (performance.now() - started) / 1000;
  return [pages, chunks.length, round(seconds, 2), round(pages / seconds, 0)];
}

const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: values.postgres });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const url = new URL(values.postgres);
url.searchParams.set('options', `-c search_path=${schema}`);
const rows: (string | number)[][] = [];
try {
  const lite = await openPglite(undefined);
  rows.push(...(await measure('pglite (pgvector)', lite)));
  await lite.close();
  const postgres = await openDatabase({ kind: 'postgres', url: url.toString(), poolMax: 2 }, logger);
  rows.push(...(await measure('postgres 15 (real[] scan)', postgres)));
  await postgres.close();
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
const ingestRow = await ingest(Number(values.pages));
const report = `${table(['backend', 'search', 'chunks', 'p50 ms', 'p99 ms'], rows)}\n\n${table(['PDF pages', 'chunks', 'seconds', 'pages/s'], [ingestRow])}\n`;
console.log(report);
fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
fs.writeFileSync(path.join('bench', 'results', 'knowledge-search.json'), JSON.stringify({ when: new Date().toISOString(), chunks: CHUNKS, dims: DIMS, queries: QUERIES, search: rows, ingest: ingestRow }, null, 2));
