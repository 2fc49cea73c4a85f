import type { EditingPeer } from './editing-state.js';
import { initialsOf } from './initials.js';
import { inkOn } from './ink.js';
import { useEditingNow } from './use-editing-now.js';

const sentenceOf = (peer: EditingPeer) => `${peer.user.name} is ${peer.mode === 'edit' ? 'editing' : 'viewing'}`;

/**
 * Who else has item `id` open: a circle in each person's colour with their initials, and their
 * name (clipped when long, in full in the tooltip). Nothing when nobody does.
 */
export function EditingNow({ id }: { id: string }) {
  const people = useEditingNow(id);
  if (people.length === 0) return null;
  return (
    <ul className="editing-now" data-testid={`editing-now-${id}`} aria-label={people.map(sentenceOf).join(', ')}>
      {people.map((peer) => (
        <li key={peer.user.id} className={`editing-person editing-${peer.mode}`} data-testid="editing-person" data-mode={peer.mode} title={sentenceOf(peer)} aria-label={sentenceOf(peer)}>
          <span className="avatar editing-avatar" aria-hidden="true" style={{ background: peer.user.color, color: inkOn(peer.user.color) }}>
            {initialsOf(peer.user.name)}
          </span>
          <span className="editing-name">{peer.user.name}</span>
        </li>
      ))}
    </ul>
  );
}

/** The outline a card, item or event gets while someone else has it open: in the colour of the first one editing (else viewing). */
export function editingOutline(people: EditingPeer[]): { className: string; style: { outlineColor: string } | undefined } {
  const first = people[0];
  if (!first) return { className: '', style: undefined };
  return { className: first.mode === 'edit' ? ' being-edited' : ' being-viewed', style: { outlineColor: first.user.color } };
}
