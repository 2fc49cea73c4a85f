import { describe, expect, it } from 'vitest';
import { EditingPublisher } from '../web/src/presence/editing-publisher.js';
import { type EditingMark, readPeerPresence } from '../web/src/presence/editing-state.js';
import { initialsOf } from '../web/src/presence/initials.js';
import { inkOn } from '../web/src/presence/ink.js';

const dana = { id: 'u-dana', name: 'Dana Kim', color: '#2a9d8f' };
const vera = { id: 'u-vera', name: 'Vera', color: '#b5179e' };

/** Who is editing what, as the web client reads other people's awareness states (web/src/presence/). */
describe('reading who has which item open', () => {
  it('keeps a short id and a known mode; anything else a member sends counts as nothing open', () => {
    const junk: unknown[] = [{ id: { id: 'card1' }, mode: 'edit' }, 'x'.repeat(100_000), { id: 'y'.repeat(65), mode: 'edit' }, { id: 'card1', mode: 'owner' }, { id: 'card 1', mode: 'edit' }, { id: '', mode: 'edit' }, ['card1'], 42, null, undefined, { id: 'card1' }];
    const states = junk.map((editing, index) => ({ clientId: index + 10, user: { ...dana, id: `u${index}` }, editing }));
    const read = readPeerPresence([...states, { clientId: 99, user: dana, editing: { id: 'card1', mode: 'edit', extra: 'ignored' } }], 1);
    expect(read.peers).toHaveLength(junk.length + 1);
    expect(read.editing).toEqual([{ user: dana, id: 'card1', mode: 'edit' }]);
  });

  it('skips our own client and states without a valid user; one entry per person and item, editing over viewing', () => {
    const read = readPeerPresence(
      [
        { clientId: 1, user: vera, editing: { id: 'mine', mode: 'edit' } },
        { clientId: 2, editing: { id: 'card1', mode: 'edit' } },
        { clientId: 3, user: { ...vera, id: 42 }, editing: { id: 'card1', mode: 'edit' } },
        { clientId: 4, user: dana, editing: { id: 'card1', mode: 'view' } },
        { clientId: 5, user: dana, editing: { id: 'card1', mode: 'edit' } },
        { clientId: 6, user: dana, editing: { id: 'card2', mode: 'edit' } },
      ],
      1,
    );
    expect(read.peers).toEqual([dana]);
    expect(read.editing).toEqual([
      { user: dana, id: 'card1', mode: 'edit' },
      { user: dana, id: 'card2', mode: 'edit' },
    ]);
  });
});

describe('a peer’s colour', () => {
  it('goes into a style only as #rrggbb; anything else is a neutral grey, the person still shown', () => {
    const read = readPeerPresence([{ clientId: 2, user: { ...vera, color: 'red; background: url(x)' }, editing: { id: 'card1', mode: 'view' } }], 1);
    expect(read.editing).toEqual([{ user: { ...vera, color: '#575d6e' }, id: 'card1', mode: 'view' }]);
  });
});

describe('publishing what this person has open', () => {
  it('sends only when the item or the access changes', () => {
    const sent: (EditingMark | null)[] = [];
    const publisher = new EditingPublisher((mark) => sent.push(mark));
    publisher.setReadOnly(false);
    publisher.setEditing(null);
    for (let i = 0; i < 20; i++) publisher.setEditing('card1');
    publisher.setReadOnly(false);
    publisher.setReadOnly(true);
    publisher.setEditing('card2');
    publisher.setEditing(null);
    publisher.setEditing(null);
    expect(sent).toEqual([{ id: 'card1', mode: 'edit' }, { id: 'card1', mode: 'view' }, { id: 'card2', mode: 'view' }, null]);
  });
});

describe('how a person is drawn', () => {
  it('initials from the first and last words, readable ink on any colour', () => {
    expect([initialsOf('Dana Kim'), initialsOf(' dana@example.com '), initialsOf('Ana María de la Cruz'), initialsOf(''), initialsOf('😀 Smile')]).toEqual(['DK', 'D', 'AC', '?', '😀S']);
    expect(inkOn('#000000')).toBe('#ffffff');
    expect(inkOn('#ffff00')).toBe('#1d2333');
  });
});
