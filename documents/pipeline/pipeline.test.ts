import { DocumentError } from '../document-error.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { enforceModel } from '../enforce.js';
import { ReplicaNetwork, seededRandom } from '../testing/replica-network.js';
import { pipelineModel } from './model.js';
import { addAsset, addFeedback, addItem, archiveItem, missingRequirements, moveItem, readPipeline, removeAsset, resolveFeedback, updateItem } from './pipeline.js';
import { STAGES } from './schema.js';

function pipeline(): Y.Doc {
  const doc = new Y.Doc();
  pipelineModel.seed(doc);
  return doc;
}

const at = '2026-11-25T10:00:00Z';
const ids = (doc: Y.Doc) => Object.fromEntries(readPipeline(doc).stages.map((s) => [s.stage, s.items.map((i) => i.id)]));

describe('pipeline board', () => {
  it('moves items through the stages and reports what each stage still needs', () => {
    const doc = pipeline();
    addItem(doc, { id: 'camp', type: 'campaign', title: 'Winter' });
    addItem(doc, { id: 'vid', type: 'video', title: 'Teaser', campaignId: 'camp' });
    expect(moveItem(doc, 'vid', 'script').missing.map((m) => m.id)).toEqual(['script']);
    updateItem(doc, 'vid', { brief: 'Show the product in snow' });
    expect(moveItem(doc, 'vid', 'body-mirroring').missing.map((m) => m.id)).toEqual(['assignee', 'reference-asset']);
    updateItem(doc, 'vid', { assigneeId: 'ann' });
    addAsset(doc, { id: 'ref', itemId: 'vid', kind: 'url', name: 'Reference', url: 'https://example.com/ref', addedBy: 'ann', addedAt: at });
    expect(missingRequirements(doc, 'vid', 'body-mirroring')).toEqual([]);
    expect(missingRequirements(doc, 'vid', 'review').map((m) => m.id)).toEqual(['due-date', 'video-asset']);
    updateItem(doc, 'vid', { dueDate: '2026-12-15T17:00:00Z' });
    addAsset(doc, { id: 'cut', itemId: 'vid', kind: 'video', name: 'Cut 1', url: 's3://bucket/cut1.mp4', addedBy: 'ann', addedAt: at });
    expect(moveItem(doc, 'vid', 'review').missing).toEqual([]);
    expect(ids(doc)).toEqual({ idea: ['camp'], script: [], 'body-mirroring': [], production: [], review: ['vid'] });
    addFeedback(doc, { id: 'f1', itemId: 'vid', authorId: 'bob', body: 'Shorter intro', createdAt: at });
    resolveFeedback(doc, 'f1');
    const video = readPipeline(doc).stages[4]!.items[0]!;
    expect(video.feedback).toMatchObject([{ id: 'f1', stage: 'review', resolved: true }]);
    expect(video.assets.map((a) => a.id)).toEqual(['cut', 'ref']);
    removeAsset(doc, 'cut');
    expect(readPipeline(doc).stages[4]!.items[0]!.missing.map((m) => m.id)).toEqual(['video-asset']);
    archiveItem(doc, 'camp');
    expect(ids(doc).idea).toEqual([]);
  });

  it('orders items within a stage and refuses bad input without changing the document', () => {
    const doc = pipeline();
    addItem(doc, { id: 'a', type: 'video', title: 'A' });
    addItem(doc, { id: 'b', type: 'video', title: 'B' });
    addItem(doc, { id: 'c', type: 'video', title: 'C', index: 0 });
    expect(ids(doc).idea).toEqual(['c', 'a', 'b']);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => addItem(doc, { id: 'a', type: 'video', title: 'again' })).toThrow(DocumentError);
    expect(() => addItem(doc, { id: 'v', type: 'video', title: 'V', campaignId: 'a' })).toThrow(DocumentError);
    expect(() => moveItem(doc, 'a', 'published' as never)).toThrow();
    expect(() => moveItem(doc, 'nope', 'script')).toThrow(DocumentError);
    expect(() => addAsset(doc, { id: 'x', itemId: 'nope', kind: 'url', name: 'x', url: 'https://x', addedBy: 'u', addedAt: at })).toThrow(DocumentError);
    expect(() => addFeedback(doc, { id: 'f', itemId: 'a', authorId: 'u', body: 'x'.repeat(10_001), createdAt: at })).toThrow();
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps feedback added offline by two people; concurrent moves leave the item in one stage', () => {
    const a = pipeline();
    addItem(a, { id: 'vid', type: 'video', title: 'V' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addFeedback(a, { id: 'fa', itemId: 'vid', authorId: 'ann', body: 'A', createdAt: '2026-11-25T10:00:00Z' });
    addFeedback(b, { id: 'fb', itemId: 'vid', authorId: 'bob', body: 'B', createdAt: '2026-11-25T09:00:00Z' });
    moveItem(a, 'vid', 'script');
    moveItem(b, 'vid', 'production');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readPipeline(a)).toEqual(readPipeline(b));
    const placed = readPipeline(a).stages.flatMap((s) => s.items);
    expect(placed.map((i) => i.id)).toEqual(['vid']);
    expect(placed[0]!.feedback.map((f) => f.id)).toEqual(['fb', 'fa']);
  });

  it('the server removes orphaned assets and feedback and unlinks a non-campaign', () => {
    const server = pipeline();
    const reasons: string[] = [];
    const client = Symbol('client');
    enforceModel(server, pipelineModel, { shouldCheck: (o) => o === client, actorOf: () => undefined, repairOrigin: 'repair', onRepaired: (r) => reasons.push(...r), onRepairFailed: (error) => { throw error; } });
    const hostile = new Y.Doc();
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(server));
    addItem(hostile, { id: 'camp', type: 'campaign', title: 'C' });
    addItem(hostile, { id: 'vid', type: 'video', title: 'V', campaignId: 'camp' });
    addFeedback(hostile, { id: 'f', itemId: 'vid', authorId: 'u', body: 'x', createdAt: at });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile), client);
    expect(reasons).toEqual([]);
    const before = Y.encodeStateVector(hostile);
    hostile.getMap('items').delete('vid');
    hostile.getMap<Y.Map<unknown>>('items').get('camp')!.set('type', 'video');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile, before), client);
    expect(server.getMap('feedback').size).toBe(0);
    expect(reasons.join('\n')).toMatch(/removed 1 feedback entry/);
    const next = Y.encodeStateVector(hostile);
    Y.applyUpdate(hostile, Y.encodeStateAsUpdate(server, Y.encodeStateVector(hostile)));
    addItem(hostile, { id: 'v2', type: 'video', title: 'V2' });
    hostile.getMap<Y.Map<unknown>>('items').get('v2')!.set('campaignId', 'ghost');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile, next), client);
    expect(readPipeline(server).stages[0]!.items.find((i) => i.id === 'v2')?.campaignId).toBeNull();
    expect(reasons.join('\n')).toMatch(/unlinked 1 video/);
  });
});

describe('pipeline convergence under random concurrent edits', () => {
  it.each(Array.from({ length: 30 }, (_, i) => 3000 + i))('seed %i: replicas converge and each item is in exactly one stage', (seed) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const network = new ReplicaNetwork(pipeline(), 4);
    const { replicas } = network;
    let count = 0;
    let extras = 0;
    for (let step = 0; step < 120; step++) {
      const index = Math.floor(rand() * replicas.length);
      const doc = replicas[index]!;
      const items = readPipeline(doc, { includeArchived: true }).stages.flatMap((s) => s.items.map((i) => i.id));
      const action = rand();
      const when = new Date(Date.UTC(2026, 10, 1, 0, 0, step)).toISOString();
      if (action < 0.2) addItem(doc, { id: `i${seed}-${count++}`, type: pick(['video', 'campaign'] as const), title: `T${step}`, stage: pick(STAGES), index: Math.floor(rand() * 3) });
      else if (action < 0.5 && items.length) moveItem(doc, pick(items), pick(STAGES), Math.floor(rand() * 4));
      else if (action < 0.6 && items.length) updateItem(doc, pick(items), { title: `u${step}`, assigneeId: pick([null, 'ann']) });
      else if (action < 0.68 && items.length) addAsset(doc, { id: `a${seed}-${extras++}`, itemId: pick(items), kind: pick(['video', 'url'] as const), name: 'n', url: 'https://x', addedBy: 'u', addedAt: when });
      else if (action < 0.76 && items.length) addFeedback(doc, { id: `f${seed}-${extras++}`, itemId: pick(items), authorId: `u${index}`, body: 'b', createdAt: when });
      else if (action < 0.8 && items.length) archiveItem(doc, pick(items), rand() < 0.5);
      else network.deliverSome(rand);
    }
    network.exchangeAll();
    const views = replicas.map((doc) => readPipeline(doc, { includeArchived: true }));
    for (const view of views) expect(view).toEqual(views[0]);
    const placed = views[0]!.stages.flatMap((s) => s.items.map((i) => i.id));
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length).toBe(count);
  });
});
