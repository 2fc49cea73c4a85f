import { describe, expect, it } from 'vitest';
import { EXTRACTIVE_LABEL } from '../operations/knowledge/extractive-answer.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type Hit, type KnowledgeDoc, answerText, chat, settledDocument, uploadKnowledge } from './helpers/knowledge.js';

const HANDBOOK = '# Travel\n\nTrain tickets are booked by the production office two weeks ahead.\n\n# Equipment\n\nCameras are checked out from the equipment room and returned by 6 pm the same day.';

/** No OPENAI_API_KEY: the product still works, full-text only, and says so. */
for (const kind of BACKENDS) {
  describe(`knowledge without an AI provider (${kind})`, () => {
    const h = harness(kind);

    it('indexes without embeddings and searches full-text only, saying so', async () => {
      const uploaded = await uploadKnowledge(h.app.url, h.owner.accessToken, h.projectId, [{ name: 'handbook.md', bytes: HANDBOOK }]);
      const doc = await settledDocument(h.api, h.owner.accessToken, h.projectId, uploaded.body.data[0]!.id);
      expect(doc).toMatchObject({ status: 'ready', embeddings: 'skipped', chunkCount: 2 });
      const found = await h.api.call<Hit[]>('GET', `/api/search?q=cameras&projectId=${h.projectId}`, { token: h.owner.accessToken });
      expect(found.body.meta).toMatchObject({ search: { fulltext: true, semantic: 'off: no AI provider is configured (OPENAI_API_KEY)', vectorBackend: null } });
      expect(found.body.data[0]).toMatchObject({ heading: 'Equipment', matchedBy: ['fulltext'] });
      expect(found.body.data[0]!.snippet).toContain('<mark>Cameras</mark>');
    });

    it('answers extractively, labelled as such, quoting and citing real passages', async () => {
      const answer = await chat(h.app.url, h.owner.accessToken, { projectId: h.projectId, message: 'When must cameras be returned?' });
      expect(answer.events[0]).toMatchObject({ event: 'start', data: { mode: 'extractive' } });
      const text = answerText(answer.events);
      expect(text.startsWith(EXTRACTIVE_LABEL)).toBe(true);
      expect(text).toContain('“Cameras are checked out from the equipment room and returned by 6 pm the same day.”');
      const citations = answer.events.find((e) => e.event === 'citations')!.data.citations as { chunkId: string; documentId: string; start: number; end: number; quote: string; heading: string }[];
      expect(citations[0]).toMatchObject({ heading: 'Equipment' });
      const doc = (await h.api.call<KnowledgeDoc>('GET', `/api/documents/${citations[0]!.documentId}?projectId=${h.projectId}&content=true`, { token: h.owner.accessToken })).body.data;
      expect(doc.content!.slice(citations[0]!.start, citations[0]!.end)).toContain(citations[0]!.quote);
      expect(answer.events.at(-1)).toMatchObject({ event: 'done', data: { mode: 'extractive' } });
    });

    it('never quotes another project’s passages', async () => {
      const other = await h.api.signIn();
      const project = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: other.accessToken, body: { name: 'B' } })).body.data.id;
      const answer = await chat(h.app.url, other.accessToken, { projectId: project, message: 'When must cameras be returned?' });
      expect(answer.events.at(-1)).toMatchObject({ event: 'done', data: { mode: 'not-found' } });
      expect(answerText(answer.events)).not.toContain('Cameras');
      expect((await h.api.call<Hit[]>('GET', '/api/search?q=cameras', { token: other.accessToken })).body.data).toEqual([]);
    });
  });
}
