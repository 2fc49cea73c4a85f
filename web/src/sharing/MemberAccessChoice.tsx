import { useId } from 'react';
import type { MemberAccess } from './types.js';
import { MEMBER_ACCESS_CHOICES } from './words.js';

/** Who opens the document without a grant: a radio group, each choice described by its one line. */
export function MemberAccessChoice({ value, onChange }: { value: MemberAccess; onChange: (value: MemberAccess) => void }) {
  const id = useId();
  return (
    <fieldset className="share-member-access" data-testid="share-member-access">
      <legend>Who can open it</legend>
      {MEMBER_ACCESS_CHOICES.map((choice) => (
        <div key={choice.value} className="share-choice">
          <label>
            <input type="radio" name={`${id}-member-access`} value={choice.value} checked={value === choice.value} aria-describedby={`${id}-${choice.value}`} onChange={() => onChange(choice.value)} />
            {choice.label}
          </label>
          <p id={`${id}-${choice.value}`} className="share-explanation">
            {choice.explanation}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
