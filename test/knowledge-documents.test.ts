import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { startFakeOpenAi } from './helpers/fake-openai.js';
import { type Hit, type KnowledgeDoc, makeDocx, makePdf, settledDocument, uploadKnowledge } from './helpers/knowledge.js';

const fake = await startFakeOpenAi();
afterAll(() => fake.close());

const ENERGY_MD = '# Solar installation\n\nThe rooftop solar panels on the north warehouse produce 40 kilowatt hours on a sunny day.\n\n# Maintenance\n\nThe gutters are cleaned every spring by the facilities team. Write <b>bold</b> & stay safe.';
const PETS_HTML = '<html><head><title>x</title><script>var leaked = "script text";</script></head><body><h1>Office pets</h1><p>Dogs are welcome in the studio on Fridays.</p></body></html>';

for (const kind of BACKENDS) {
  describe(`knowledge documents (${kind})`, () => {
    const h = harness(kind, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, AI_MAX_RETRIES: '1', AI_TIMEOUT_MS: '2000', KNOWLEDGE_MAX_PDF_PAGES: '3', KNOWLEDGE_MAX_FILE_BYTES: '200000' });
    const ids: Record<string, string> = {};
    const search = (token: string, query: string) => h.api.call<Hit[]>('GET', `/api/search?${query}`, { token });

    it('indexes Markdown, HTML, text, PDF and DOCX: chunks with positions, embeddings, progress to 100', async () => {
      const pdf = await makePdf(['Shooting schedule for spring.', 'The river flooding in April delayed the shoot by two weeks.', 'Wrap party in June.']);
      const docx = await makeDocx(['The kitchen recipe for sourdough bread needs 500 grams of flour.']);
      const uploaded = await uploadKnowledge(h.app.url, h.owner.accessToken, h.projectId, [
        { name: 'energy.md', type: 'text/markdown', bytes: ENERGY_MD },
        { name: 'pets.html', type: 'text/html', bytes: PETS_HTML },
        { name: 'budget.txt', bytes: 'The quarterly marketing budget is 12000 euros, approved by the board in March.' },
        { name: 'schedule.pdf', type: 'application/pdf', bytes: pdf },
        { name: 'bread.docx', bytes: docx },
      ]);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      expect(uploaded.body.data.map((d) => [d.title, d.kind, d.status])).toEqual([
        ['energy', 'markdown', 'queued'],
        ['pets', 'html', 'queued'],
        ['budget', 'text', 'queued'],
        ['schedule', 'pdf', 'queued'],
        ['bread', 'docx', 'queued'],
      ]);
      for (const doc of uploaded.body.data) {
        const settled = await settledDocument(h.api, h.owner.accessToken, h.projectId, doc.id);
        expect(settled, doc.title).toMatchObject({ status: 'ready', progress: 100, error: null, embeddings: 'done' });
        expect(settled.chunkCount).toBeGreaterThan(0);
        ids[doc.title] = doc.id;
      }
      const pdfDoc = (await h.api.call<KnowledgeDoc>('GET', `/api/documents/${ids.schedule}?projectId=${h.projectId}&content=true`, { token: h.owner.accessToken })).body.data;
      expect(pdfDoc).toMatchObject({ pageCount: 3, truncated: false });
      expect(pdfDoc.content).toContain('river flooding in April');
      const html = (await h.api.call<KnowledgeDoc>('GET', `/api/documents/${ids.pets}?projectId=${h.projectId}&content=true`, { token: h.owner.accessToken })).body.data;
      expect(html.content).toContain('Dogs are welcome');
      expect(html.content).not.toContain('script text');
      const listed = await h.api.call<KnowledgeDoc[]>('GET', `/api/documents?projectId=${h.projectId}&limit=2`, { token: h.owner.accessToken });
      expect(listed.body.meta).toMatchObject({ total: 5, page: 1, limit: 2 });
      expect(listed.body.data).toHaveLength(2);
      expect(fake.count(/embeddings/)).toBeGreaterThanOrEqual(5);
    });

    it('finds a passage by meaning (no shared word) and by exact phrase, with page, heading, offsets and an escaped highlighted snippet', async () => {
      const byMeaning = await search(h.owner.accessToken, `q=photovoltaic&projectId=${h.projectId}`);
      expect(byMeaning.status).toBe(200);
      expect(byMeaning.body.meta).toMatchObject({ search: { fulltext: true, semantic: 'on', vectorBackend: kind === 'pglite' ? 'pgvector' : 'real[] scan' } });
      expect(byMeaning.body.data[0]).toMatchObject({ documentId: ids.energy, heading: 'Solar installation', matchedBy: ['semantic'] });

      const phrase = await search(h.owner.accessToken, `q=${encodeURIComponent('"north warehouse"')}&projectId=${h.projectId}`);
      const top = phrase.body.data[0]!;
      expect(top).toMatchObject({ documentId: ids.energy, heading: 'Solar installation' });
      expect(top.matchedBy).toContain('fulltext');
      expect(top.snippet).toContain('<mark>north</mark> <mark>warehouse</mark>');
      const doc = (await h.api.call<KnowledgeDoc>('GET', `/api/documents/${ids.energy}?projectId=${h.projectId}&content=true`, { token: h.owner.accessToken })).body.data;
      expect(doc.content!.slice(top.start, top.end)).toBe(top.text);

      const page = await search(h.owner.accessToken, `q=flooding&projectId=${h.projectId}`);
      expect(page.body.data[0]).toMatchObject({ documentId: ids.schedule, page: 2 });
      const escaped = await search(h.owner.accessToken, `q=gutters&projectId=${h.projectId}`);
      // The document's own markup never reaches the snippet as markup (PostgreSQL's parser drops tags; the rest is escaped).
      expect(escaped.body.data[0]!.snippet).toContain('&amp; stay safe');
      expect(escaped.body.data[0]!.snippet).not.toContain('<b>');
    });

    it('gives each bad file its own failed status and code; the worker goes on with the next file; long PDFs are capped', async () => {
      const encrypted = await makePdf(['Secret plans.'], { userPassword: 'hunter2' });
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
      const long = await makePdf(['Page one text.', 'Page two text.', 'Page three text.', 'Page four text.', 'Page five mentions zebras.']);
      const uploaded = await uploadKnowledge(h.app.url, h.owner.accessToken, h.projectId, [
        { name: 'locked.pdf', type: 'application/pdf', bytes: encrypted },
        { name: 'broken.pdf', type: 'application/pdf', bytes: '%PDF-1.4\n1 0 obj garbage that is not a pdf at all\n%%EOF' },
        { name: 'empty.txt', bytes: '' },
        { name: 'notes.md', bytes: png },
        { name: 'nul.txt', bytes: new Uint8Array([104, 105, 0, 0, 1]) },
        { name: 'long.pdf', bytes: long },
        { name: 'after.txt', bytes: 'Indexed after the broken ones: the worker survived.' },
      ]);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      const settled = await Promise.all(uploaded.body.data.map((d) => settledDocument(h.api, h.owner.accessToken, h.projectId, d.id)));
      expect(settled.map((d) => [d.fileName, d.status, d.error?.code ?? null])).toEqual([
        ['locked.pdf', 'failed', 'PDF_ENCRYPTED'],
        ['broken.pdf', 'failed', 'FILE_CORRUPT'],
        ['empty.txt', 'failed', 'FILE_EMPTY'],
        ['notes.md', 'failed', 'FILE_TYPE_MISMATCH'],
        ['nul.txt', 'failed', 'FILE_TYPE_MISMATCH'],
        ['long.pdf', 'ready', null],
        ['after.txt', 'ready', null],
      ]);
      expect(settled[5]).toMatchObject({ pageCount: 5, truncated: true });
      expect((await search(h.owner.accessToken, `q=zebras&projectId=${h.projectId}`)).body.data).toEqual([]);
    });

    it('retries indexing when the embedding provider rate-limits (the job backs off), and refuses an oversized request with 413', async () => {
      fake.failNext(/embeddings/, 429, 2);
      const uploaded = await uploadKnowledge(h.app.url, h.owner.accessToken, h.projectId, [{ name: 'retry.txt', bytes: 'Irrigation of the garden happens at dawn.' }]);
      const doc = await settledDocument(h.api, h.owner.accessToken, h.projectId, uploaded.body.data[0]!.id);
      expect(doc).toMatchObject({ status: 'ready', embeddings: 'done' });
      const hits = (await search(h.owner.accessToken, `q=drought&projectId=${h.projectId}`)).body.data;
      expect(hits.find((hit) => hit.documentId === doc.id)).toMatchObject({ matchedBy: ['semantic'] });
      const big = await uploadKnowledge(h.app.url, h.owner.accessToken, h.projectId, [{ name: 'big.txt', bytes: 'z'.repeat(250_000) }]);
      expect(big.status).toBe(413);
      expect(big.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    }, 40_000);

    it('lets viewers read and search but not upload; editors rename; only the uploader or an admin deletes', async () => {
      const viewer = await h.member('viewer');
      const editor = await h.member('editor');
      expect((await uploadKnowledge(h.app.url, viewer.accessToken, h.projectId, [{ name: 'a.txt', bytes: 'text' }])).status).toBe(403);
      expect((await search(viewer.accessToken, `q=budget&projectId=${h.projectId}`)).body.data[0]).toMatchObject({ documentId: ids.budget });
      const renamed = await h.api.call<KnowledgeDoc>('PUT', `/api/documents/${ids.budget}?projectId=${h.projectId}`, { token: editor.accessToken, body: { title: 'Budget 2027' } });
      expect(renamed.body.data.title).toBe('Budget 2027');
      expect((await h.api.call('PUT', `/api/documents/${ids.budget}?projectId=${h.projectId}`, { token: viewer.accessToken, body: { title: 'x' } })).status).toBe(403);
      expect((await h.api.call('DELETE', `/api/documents/${ids.budget}?projectId=${h.projectId}`, { token: editor.accessToken })).status).toBe(403);
      expect((await h.api.call('DELETE', `/api/documents/${ids.budget}?projectId=${h.projectId}`, { token: h.owner.accessToken })).body.data).toEqual({ id: ids.budget, deleted: true });
      expect((await h.api.call('GET', `/api/documents/${ids.budget}?projectId=${h.projectId}`, { token: h.owner.accessToken })).status).toBe(404);
      expect((await search(h.owner.accessToken, `q=marketing&projectId=${h.projectId}`)).body.data).toEqual([]);
    });

    it('keeps projects apart: an outsider gets 404s and never a chunk of this project, by meaning or by word', async () => {
      const outsider = await h.api.signIn();
      const theirs = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Theirs' } })).body.data.id;
      const own = await uploadKnowledge(h.app.url, outsider.accessToken, theirs, [{ name: 'their-solar.md', bytes: '# Their solar\n\nTheir solar panels are on the barn.' }]);
      await settledDocument(h.api, outsider.accessToken, theirs, own.body.data[0]!.id);
      expect((await h.api.call('GET', `/api/documents/${ids.energy}?projectId=${h.projectId}`, { token: outsider.accessToken })).status).toBe(404);
      expect((await h.api.call('GET', `/api/documents/${ids.energy}?projectId=${theirs}`, { token: outsider.accessToken })).status).toBe(404);
      expect((await h.api.call('GET', `/api/documents?projectId=${h.projectId}`, { token: outsider.accessToken })).status).toBe(404);
      expect((await search(outsider.accessToken, `q=solar&projectId=${h.projectId}`)).status).toBe(404);
      for (const q of ['solar', 'photovoltaic', 'warehouse', 'dogs', 'flooding']) {
        const hits = (await search(outsider.accessToken, `q=${q}`)).body.data;
        expect(hits.every((hit) => hit.projectId === theirs), q).toBe(true);
      }
      expect((await search(outsider.accessToken, 'q=solar')).body.data[0]).toMatchObject({ projectId: theirs });
    });

    it('refuses hostile input with clear 4xx codes', async () => {
      const token = h.owner.accessToken;
      expect((await h.api.call('PUT', `/api/documents/${ids.energy}?projectId=${h.projectId}`, { token, body: { title: 'x'.repeat(5_000) } })).body.error?.code).toBe('VALIDATION_FAILED');
      expect((await h.api.call('PUT', `/api/documents/${ids.energy}?projectId=${h.projectId}`, { token, body: { title: 'a\u0000b' } })).status).toBe(422);
      expect((await h.api.call('PUT', `/api/documents/${ids.energy}?projectId=${h.projectId}`, { token, body: { title: 42 } })).status).toBe(422);
      expect((await h.api.call('GET', `/api/documents/not-a-uuid?projectId=${h.projectId}`, { token })).status).toBe(404);
      expect((await h.api.call('GET', `/api/documents?projectId=${'9'.repeat(60)}`, { token })).status).toBe(404);
      expect((await h.api.call('GET', '/api/documents', { token })).status).toBe(422);
      expect((await search(token, `q=${'y'.repeat(5_000)}`)).status).toBe(422);
      expect((await search(token, 'q=%00')).status).toBe(422);
      expect((await uploadKnowledge(h.app.url, token, h.projectId, [{ name: 'a.txt', bytes: 'x' }], { language: 'klingon' })).status).toBe(422);
      const json = await h.api.call('POST', '/api/documents', { token, body: { projectId: h.projectId } });
      expect(json.status).toBe(422);
      // Search syntax that is not a query at all still answers, with nothing.
      expect((await search(token, `q=${encodeURIComponent('!!! & | :* ""')}&projectId=${h.projectId}`)).status).toBe(200);
    });
  });
}
