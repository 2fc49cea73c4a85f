import { DocumentError } from '../document-error.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toYMap } from '../entries.js';
import { pipelineModel } from './model.js';
import { addAsset, addFeedback, addItem, archiveItem, initPipeline, missingRequirements, moveItem, readPipeline, removeAsset, resolveFeedback, updateItem } from './pipeline.js';
import { STAGES, type Stage } from './schema.js';
import { STAGE_REQUIREMENTS } from './stages.js';

const at = '2026-11-25T10:00:00Z';

function pipeline(): Y.Doc {
  const doc = new Y.Doc();
  pipelineModel.seed(doc);
  return doc;
}

const missingIds = (doc: Y.Doc, id: string) => Object.fromEntries(STAGES.map((stage) => [stage, missingRequirements(doc, id, stage).map((m) => m.id)]));

describe('stage requirements', () => {
  it('has one entry per stage, in order, each keeping the needs of the stages before it', () => {
    expect(Object.keys(STAGE_REQUIREMENTS)).toEqual([...STAGES]);
    STAGES.slice(1).forEach((stage, i) => {
      const earlier = STAGE_REQUIREMENTS[STAGES[i] as Stage].map((r) => r.id);
      expect(STAGE_REQUIREMENTS[stage].map((r) => r.id).slice(0, earlier.length)).toEqual(earlier);
    });
  });

  it('reports less missing at every stage as the data arrives', () => {
    const doc = pipeline();
    addItem(doc, { id: 'v', type: 'video', title: '  ' });
    const all = ['title', 'script', 'assignee', 'reference-asset', 'due-date', 'video-asset'];
    expect(missingIds(doc, 'v')).toEqual({ idea: all.slice(0, 1), script: all.slice(0, 2), 'body-mirroring': all.slice(0, 4), production: all.slice(0, 5), review: all });
    updateItem(doc, 'v', { title: 'Teaser' });
    expect(missingIds(doc, 'v').idea).toEqual([]);
    updateItem(doc, 'v', { scriptDocument: 'annotations:p1:teaser-script' });
    expect(missingIds(doc, 'v').script).toEqual([]);
    updateItem(doc, 'v', { assigneeId: 'ann' });
    addAsset(doc, { id: 'moodboard', itemId: 'v', kind: 'image', name: 'Mood', url: 'uploads/mood.png', addedBy: 'ann', addedAt: at });
    expect(missingIds(doc, 'v')['body-mirroring']).toEqual(['reference-asset']);
    addAsset(doc, { id: 'ref', itemId: 'v', kind: 'url', name: 'Ref', url: 'https://example.com/ref', addedBy: 'ann', addedAt: at });
    expect(missingIds(doc, 'v')['body-mirroring']).toEqual([]);
    updateItem(doc, 'v', { dueDate: '2026-12-01T12:00:00+01:00' });
    expect(missingIds(doc, 'v')).toMatchObject({ production: [], review: ['video-asset'] });
    addAsset(doc, { id: 'cut', itemId: 'v', kind: 'video', name: 'Cut', url: 'uploads/cut.mp4', addedBy: 'ann', addedAt: at });
    expect(Object.values(missingIds(doc, 'v')).flat()).toEqual([]);
    expect(missingRequirements(doc, 'v', 'production')).toEqual([]);
    expect(() => missingRequirements(doc, 'nope', 'idea')).toThrow(DocumentError);
  });
});

describe('pipeline operations', () => {
  it('every refused operation leaves the document byte-identical', () => {
    const doc = pipeline();
    addItem(doc, { id: 'camp', type: 'campaign', title: 'C' });
    addItem(doc, { id: 'v', type: 'video', title: 'V', stage: 'script' });
    addAsset(doc, { id: 'a', itemId: 'v', kind: 'url', name: 'A', url: 'https://x', addedBy: 'u', addedAt: at });
    addFeedback(doc, { id: 'f', itemId: 'v', authorId: 'u', body: 'b', createdAt: at });
    const before = Y.encodeStateAsUpdate(doc);
    const refusals: [() => unknown, string | null][] = [
      [() => addItem(doc, { id: 'v', type: 'video', title: 'again' }), 'ALREADY_EXISTS'],
      [() => addItem(doc, { id: 'w', type: 'video', title: 'W', campaignId: 'ghost' }), 'NOT_FOUND'],
      [() => addItem(doc, { id: 'w', type: 'video', title: 'x'.repeat(301) }), null],
      [() => updateItem(doc, 'nope', { title: 'x' }), 'NOT_FOUND'],
      [() => updateItem(doc, 'v', { campaignId: 'v' }), 'NOT_FOUND'],
      [() => updateItem(doc, 'camp', { campaignId: 'camp' }), 'INVALID_INPUT'],
      [() => updateItem(doc, 'v', { dueDate: '2026-12-01' }), null],
      [() => updateItem(doc, 'v', { stage: 'review' } as never), null],
      [() => moveItem(doc, 'nope', 'idea'), 'NOT_FOUND'],
      [() => archiveItem(doc, 'nope'), 'NOT_FOUND'],
      [() => addAsset(doc, { id: 'a', itemId: 'v', kind: 'url', name: 'A', url: 'https://x', addedBy: 'u', addedAt: at }), 'ALREADY_EXISTS'],
      [() => addAsset(doc, { id: 'b', itemId: 'v', kind: 'url', name: 'B', url: '', addedBy: 'u', addedAt: at }), null],
      [() => removeAsset(doc, 'nope'), 'NOT_FOUND'],
      [() => addFeedback(doc, { id: 'f', itemId: 'v', authorId: 'u', body: 'b', createdAt: at }), 'ALREADY_EXISTS'],
      [() => addFeedback(doc, { id: 'g', itemId: 'nope', authorId: 'u', body: 'b', createdAt: at }), 'NOT_FOUND'],
      [() => resolveFeedback(doc, 'nope'), 'NOT_FOUND'],
    ];
    for (const [operation, code] of refusals) {
      let error: unknown;
      try {
        operation();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(Error);
      if (code) expect(error).toMatchObject({ code });
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    }
  });

  it('places next to a neighbour whose order key a hostile client broke, as if it were not there', () => {
    const doc = new Y.Doc();
    initPipeline(doc);
    addItem(doc, { id: 'odd', type: 'video', title: 'O', stage: 'review' });
    addItem(doc, { id: 'v', type: 'video', title: 'V' });
    doc.getMap<Y.Map<unknown>>('items').get('odd')!.set('order', '!!');
    moveItem(doc, 'v', 'review', 0);
    expect(readPipeline(doc).stages.find((s) => s.stage === 'review')!.items.map((i) => i.id)).toEqual(['v']);
  });

  it('writes only the fields that changed, so a re-sent form does not undo a concurrent edit', () => {
    for (const [first, second] of [[1, 2], [2, 1]] as const) {
      const a = pipeline();
      a.clientID = first;
      addItem(a, { id: 'v', type: 'video', title: 'T' });
      const b = new Y.Doc();
      b.clientID = second;
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const state = Y.encodeStateVector(a);
      updateItem(a, 'v', { title: 'T', brief: '' });
      expect(Y.encodeStateAsUpdate(a, state)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
      updateItem(a, 'v', { title: 'T', brief: 'New brief' });
      updateItem(b, 'v', { title: 'Renamed' });
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      expect(missingRequirements(a, 'v', 'script')).toEqual([]);
      expect(a.getMap<Y.Map<unknown>>('items').get('v')!.toJSON()).toMatchObject({ title: 'Renamed', brief: 'New brief' });
    }
  });
});

describe('pipeline repairInvariants', () => {
  /** A document as a buggy client might leave it: entries written straight into the maps. */
  function badDocument(): Y.Doc {
    const doc = pipeline();
    const item = (id: string, type: 'video' | 'campaign', campaignId: string | null) =>
      toYMap({ id, type, title: id, stage: 'idea', order: 'a0', assigneeId: null, dueDate: null, campaignId, brief: '', scriptDocument: null, archived: false });
    doc.transact(() => {
      const items = doc.getMap<Y.Map<unknown>>('items');
      items.set('camp', item('camp', 'campaign', null));
      items.set('sub', item('sub', 'campaign', 'camp'));
      items.set('good', item('good', 'video', 'camp'));
      items.set('ghostly', item('ghostly', 'video', 'ghost'));
      items.set('misfiled', item('misfiled', 'video', 'good'));
      doc.getMap('assets').set('lost', toYMap({ id: 'lost', itemId: 'gone', kind: 'url', name: 'n', url: 'https://x', addedBy: 'u', addedAt: at }));
      doc.getMap('assets').set('kept', toYMap({ id: 'kept', itemId: 'good', kind: 'url', name: 'n', url: 'https://x', addedBy: 'u', addedAt: at }));
      doc.getMap('feedback').set('lost', toYMap({ id: 'lost', itemId: 'gone', authorId: 'u', body: 'b', stage: 'idea', createdAt: at, resolved: false }));
    });
    return doc;
  }

  const repair = (doc: Y.Doc, touched: Record<string, string[]>): string[] => {
    let reasons: string[] = [];
    doc.transact(() => {
      reasons = pipelineModel.repairInvariants!(doc, new Map(Object.entries(touched).map(([name, ids]) => [name, new Set(ids)])));
    });
    return reasons;
  };

  const campaignIds = (doc: Y.Doc) => Object.fromEntries([...doc.getMap<Y.Map<unknown>>('items')].map(([id, item]) => [id, item.get('campaignId')]));

  it('removes orphans and unlinks bad campaigns, one reason per kind of fix, then finds nothing', () => {
    const doc = badDocument();
    const reasons = repair(doc, { items: ['camp', 'sub', 'good', 'ghostly', 'misfiled'], assets: ['lost', 'kept'], feedback: ['lost'] });
    expect(reasons).toEqual([
      'removed 1 assets entry whose item does not exist',
      'removed 1 feedback entry whose item does not exist',
      'unlinked 2 video(s) from a campaign that does not exist',
      'cleared the campaign of 1 item(s) that are not videos',
    ]);
    expect(campaignIds(doc)).toEqual({ camp: null, sub: null, good: 'camp', ghostly: null, misfiled: null });
    expect([...doc.getMap('assets').keys()]).toEqual(['kept']);
    expect(doc.getMap('feedback').size).toBe(0);
    expect(repair(doc, { items: ['camp', 'good'], assets: ['kept'] })).toEqual([]);
  });

  it('an item removed outright takes its assets and feedback, and its videos lose the campaign', () => {
    const doc = badDocument();
    repair(doc, { items: ['sub', 'ghostly', 'misfiled'], assets: ['lost'], feedback: ['lost'] });
    addFeedback(doc, { id: 'f', itemId: 'good', authorId: 'u', body: 'b', createdAt: at });
    doc.getMap('items').delete('good');
    doc.getMap('items').delete('camp');
    expect(repair(doc, { items: ['good', 'camp'] })).toEqual([
      'removed 1 assets entry whose item does not exist',
      'removed 1 feedback entry whose item does not exist',
    ]);
    expect(doc.getMap('assets').size + doc.getMap('feedback').size).toBe(0);
  });

  it('a campaign retyped to a video leaves no video inside it', () => {
    const doc = badDocument();
    repair(doc, { items: ['sub', 'ghostly', 'misfiled'], assets: ['lost'], feedback: ['lost'] });
    doc.getMap<Y.Map<unknown>>('items').get('camp')!.set('type', 'video');
    expect(repair(doc, { items: ['camp'] })).toEqual(['unlinked 1 video(s) from a campaign that does not exist']);
    expect(campaignIds(doc).good).toBeNull();
  });

  it('repairs two replicas to the same document', () => {
    const [a, b] = [badDocument(), new Y.Doc()] as const;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const touched = { items: ['ghostly', 'sub', 'misfiled'], assets: ['lost'], feedback: ['lost'] };
    expect(repair(a, touched)).toEqual(repair(b, touched));
    expect(pipelineModel.read(a)).toEqual(pipelineModel.read(b));
    expect(campaignIds(a)).toEqual(campaignIds(b));
  });
});
