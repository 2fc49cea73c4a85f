import { z } from 'zod';
import { type IndexingDeps, giveUpEmbedding, indexKnowledgeDocument } from '../../operations/knowledge/index-knowledge-document.js';
import type { Queryable } from '../../platform/db/database.js';
import type { JobDefinition } from '../job.js';
import type { JobQueue } from '../job-queue.js';

export type IndexKnowledgePayload = { documentId: string };

/** What indexing needs besides the database and the logger, which come with each job. */
export type KnowledgeIndexingDeps = Omit<IndexingDeps, 'db' | 'logger'>;

const RETRIES = 4;

/**
 * Extracts, chunks and embeds one knowledge document. Stately per document: at most one queued
 * and one running. A provider that times out or rate limits (after the client's own retries)
 * fails the run and pg-boss retries it with backoff; indexing resumes where it stopped.
 */
export function indexKnowledgeJob(deps: KnowledgeIndexingDeps | null): JobDefinition<IndexKnowledgePayload> {
  return {
    name: 'knowledge.index',
    payload: z.object({ documentId: z.uuid() }).strict(),
    retry: { limit: RETRIES, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
    expireInSeconds: 1_800,
    heartbeatSeconds: 10,
    policy: 'stately',
    async handle({ documentId }, { db, logger, retryCount }) {
      if (!deps) throw new Error('this process has no blob store configured for knowledge indexing');
      const log = logger.child({ documentId });
      try {
        const result = await indexKnowledgeDocument({ ...deps, db, logger: log }, documentId);
        log.info(result, 'knowledge document indexed');
      } catch (error) {
        if (retryCount >= RETRIES) await giveUpEmbedding(db, documentId, error);
        throw error;
      }
    },
  };
}

const INDEX_JOB = indexKnowledgeJob(null);

export function requestKnowledgeIndexing(queue: JobQueue): (documentId: string, options: { in: Queryable }) => Promise<void> {
  return async (documentId, options) => {
    await queue.send(INDEX_JOB, { documentId }, { in: options.in, singletonKey: documentId });
  };
}
