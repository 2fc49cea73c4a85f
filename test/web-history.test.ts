import { describe, expect, it } from 'vitest';
import { TITLES_PER_GROUP, summarizeContent } from '../web/src/history/content-summary.js';
import type { Version } from '../web/src/history/types.js';
import { mergeNewestFirst, restoredText, versionAuthorText, versionKindText, versionNoteText } from '../web/src/history/version-words.js';

const version = (seq: string, kind: Version['kind'] = 'auto', label: string | null = null): Version => ({ id: `v-${seq}`, seq, kind, label, createdBy: 'server', createdAt: '2026-12-02T09:00:00Z', sizeBytes: 10 });

/** The words and summaries of the web client's history panel (web/src/history/): what people read there. */
describe('the history panel’s words', () => {
  it('says what kind of version it is and who saved it, in words', () => {
    expect(versionKindText(version('1'))).toBe('Saved automatically');
    expect(versionKindText(version('2', 'named', 'Two cards'))).toBe('Named: Two cards');
    expect(versionKindText(version('3', 'before-restore', 'Before restoring “Two cards”'))).toBe('Before a restore');
    expect(versionNoteText(version('3', 'before-restore', 'Before restoring “Two cards”'))).toBe('Before restoring “Two cards”');
    const iso = '2026-12-02T09:00:00.000Z';
    expect(versionNoteText(version('4', 'before-restore', `Before restoring the version of ${iso}`))).toBe(`Before restoring the version of ${new Date(iso).toLocaleString()}`);
    expect(versionNoteText(version('5', 'named', 'Two cards'))).toBeNull();
    const nameOf = (id: string) => (id === 'u1' ? 'Olivia' : null);
    expect(versionAuthorText('user:u1', nameOf)).toBe('Olivia');
    expect(versionAuthorText('user:gone', nameOf)).toBe('Someone');
    expect(versionAuthorText('key:k1', nameOf)).toBe('An API key');
    expect(versionAuthorText('server', nameOf)).toBe('Studio');
  });

  it('orders versions newest first by their sequence (beyond what a double holds), each once', () => {
    const big = '9007199254740993';
    const merged = mergeNewestFirst([version('2'), version(big)], [version('10'), version('2')]);
    expect(merged.map((each) => each.seq)).toEqual([big, '10', '2']);
  });

  it('tells what a restore did and how to undo it', () => {
    expect(restoredText({ restored: 'a', savedBefore: 'b', added: 0, changed: 1, removed: 1 })).toBe(
      'Restored: 0 added, 1 changed, 1 removed. The document as it was just before is saved as “Before a restore”: restore that version to undo this.',
    );
  });
});

describe('summaries of a version’s content', () => {
  it('a board: live columns with their live cards, the first few titles of each', () => {
    const cards = Array.from({ length: TITLES_PER_GROUP + 2 }, (_, n) => ({ title: `Card ${n + 1}`, archived: false }));
    const summary = summarizeContent('kanban', {
      columns: [
        { title: 'To do', archived: false, cards: [...cards, { title: 'Gone', archived: true }] },
        { title: 'Old', archived: true, cards: [{ title: 'Hidden', archived: false }] },
        { title: 'Done', archived: false, cards: [] },
      ],
    });
    expect(summary.headline).toBe(`2 columns, ${TITLES_PER_GROUP + 2} cards`);
    expect(summary.groups.map((group) => [group.name, group.count, group.more])).toEqual([
      ['To do', TITLES_PER_GROUP + 2, 2],
      ['Done', 0, 0],
    ]);
    expect(summary.groups[0]!.titles).toHaveLength(TITLES_PER_GROUP);
  });

  it('a pipeline by stage name, a calendar’s events, annotations’ threads; nonsense reads as empty', () => {
    const pipeline = summarizeContent('pipeline', { stages: [{ stage: 'body-mirroring', items: [{ title: 'Dance', archived: false }] }] });
    expect(pipeline.headline).toBe('1 item');
    expect(pipeline.groups[0]!.name).toBe('Body mirroring');
    expect(summarizeContent('calendar', { events: [{ title: 'Launch', start: 'not a date', archived: false }] }).groups[0]!.titles).toEqual(['Launch']);
    expect(summarizeContent('annotations', { sources: [{ title: 'Script' }], threads: [{ resolved: true }, { resolved: false }, {}] }).headline).toBe('1 text, 3 threads (2 open, 1 resolved)');
    expect(summarizeContent('kanban', null)).toEqual({ headline: '0 columns, 0 cards', groups: [] });
    expect(summarizeContent('kanban', { columns: 'nope' }).groups).toEqual([]);
  });
});
