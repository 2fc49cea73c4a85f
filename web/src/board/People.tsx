import { type FormEvent, useId, useState } from 'react';
import { type CardView, updateCard } from '../../../documents/kanban/board.js';
import { CARD_LIST_MAX_ITEMS } from '../../../documents/kanban/schema.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import type { ProjectMember } from '../members.js';
import { useBoard } from './context.js';
import { BOARD_LIMITS } from './limits.js';
import { initialsOf } from './time.js';

/** Someone, by name, with their initials; `compact` shows only the initials (the name on hover and to screen readers). */
export function PersonChip({ userId, compact = false }: { userId: string; compact?: boolean }) {
  const { nameOf } = useBoard();
  const name = nameOf(userId);
  return (
    <span className={`person-chip${compact ? ' compact' : ''}`} title={name} data-user={userId}>
      <span className="initials" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <span className={compact ? 'visually-hidden' : 'person-name'}>{name}</span>
    </span>
  );
}

const looksLikeId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The member someone typed: by name, email or id. */
function findMember(members: ProjectMember[], typed: string): ProjectMember | undefined {
  const wanted = typed.trim().toLowerCase();
  return members.find((member) => member.userId.toLowerCase() === wanted || member.email.toLowerCase() === wanted) ?? members.find((member) => member.name.trim().toLowerCase() === wanted);
}

/** Who a card is assigned to: a checkbox per project member (stored as user ids), or type a name. */
export function Assignees({ card }: { card: CardView }) {
  const { doc, readOnly, run, members, nameOf, guest } = useBoard();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const set = (assignees: string[]) => run(() => updateCard(doc, card.id, { assignees }));

  // A guest cannot see who is in the project, so they see the assignees but do not pick them.
  if (readOnly || guest) {
    return (
      <div className="field-group">
        <span className="field-label">Assignees</span>
        {card.assignees.length === 0 ? (
          <p className="muted small">Nobody yet</p>
        ) : (
          <ul className="people wide">
            {card.assignees.map((id) => (
              <li key={id}>
                <PersonChip userId={id} />
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }

  const others = card.assignees.filter((id) => !members.some((member) => member.userId === id)).map((id) => ({ userId: id, name: nameOf(id) }));
  const options = [...members.map((member) => ({ userId: member.userId, name: member.name || member.email })), ...others];
  const toggle = (userId: string, on: boolean) => set(on ? [...card.assignees.filter((id) => id !== userId), userId] : card.assignees.filter((id) => id !== userId));
  const add = () => {
    const value = typed.trim();
    if (!value) return;
    const member = findMember(members, value);
    const userId = member?.userId ?? (looksLikeId(value) ? value : null);
    if (!userId) return setProblem(`No member of this project is called “${value}”.`);
    if (!card.assignees.includes(userId) && card.assignees.length >= CARD_LIST_MAX_ITEMS) return setProblem(`A card can have at most ${CARD_LIST_MAX_ITEMS} assignees.`);
    setProblem(null);
    if (card.assignees.includes(userId) || set([...card.assignees, userId])) setTyped('');
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!refuseInvalid(event.currentTarget)) add();
  };

  return (
    <fieldset className="field-group assignees" data-testid="assignees">
      <legend className="field-label">Assignees</legend>
      {options.length === 0 ? (
        <p className="muted small">Loading the project’s members…</p>
      ) : (
        <div className="checks">
          {options.map((option) => (
            <label key={option.userId} className="check">
              <input type="checkbox" name="card-assignee" value={option.userId} checked={card.assignees.includes(option.userId)} onChange={(e) => toggle(option.userId, e.target.checked)} />
              <PersonChip userId={option.userId} />
            </label>
          ))}
        </div>
      )}
      <form className="inline-add" onSubmit={submit}>
        <LimitedInput
          name="card-assignees"
          label="Assign by name or email"
          list={listId}
          autoComplete="off"
          limit={BOARD_LIMITS.assignee}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }}
          onBlur={add}
        />
        <datalist id={listId}>
          {members.map((member) => (
            <option key={member.userId} value={member.name || member.email} />
          ))}
        </datalist>
      </form>
      {problem && (
        <p className="error small" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
