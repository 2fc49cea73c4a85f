import { type ComponentProps, type ReactNode, useId } from 'react';
import { type Limit, type LimitState, checkLimit, counterText } from '../limits.js';

/**
 * A text field that knows its limit (from `LIMITS`, which reads the document schemas): near the
 * limit it shows a counter ("480 / 500"); over it, it keeps what was typed or pasted, is marked
 * `aria-invalid` and says what is wrong in a note it is described by. Never `maxLength`, which
 * would cut a paste short without a word. Forms refuse to submit while a field is over
 * (`refuseInvalid`), so nothing over a limit is ever sent.
 */
export function useLimit(value: string, limit: Limit, describedBy?: string) {
  const id = useId();
  const state = checkLimit(value, limit);
  const shown = noteShown(state, limit);
  return {
    state,
    fieldProps: {
      'aria-invalid': state.over ? true : undefined,
      'aria-describedby': [describedBy, shown ? id : undefined].filter(Boolean).join(' ') || undefined,
    },
    note: <LimitNote id={id} state={state} limit={limit} />,
  };
}

/** Whether the note says anything: a counter near the limit (not for lists, whose items are counted apart), a message over it. */
const noteShown = (state: LimitState, limit: Limit) => state.over || (state.near && !limit.list);

/** The counter and the message; always rendered (empty when far from the limit) so screen readers hear it appear. */
export function LimitNote({ id, state, limit }: { id: string; state: LimitState; limit: Limit }) {
  return (
    <span id={id} className={`limit-note${state.over ? ' over' : ''}`} aria-live="polite" data-testid={state.over ? 'limit-message' : undefined}>
      {noteShown(state, limit) && !limit.list && <span className="limit-count">{counterText(state, limit)}</span>}
      {state.message && <span className="limit-message">{state.message}</span>}
    </span>
  );
}

type InputProps = Omit<ComponentProps<'input'>, 'value' | 'maxLength'> & { value: string; limit: Limit; label?: ReactNode };
type TextareaProps = Omit<ComponentProps<'textarea'>, 'value' | 'maxLength'> & { value: string; limit: Limit; label?: ReactNode };

/** The field, its label (when given) and its note, kept apart so the note is the field's description, not part of its name. */
function Field({ label, control, note }: { label: ReactNode; control: ReactNode; note: ReactNode }) {
  return (
    <div className="limited-field">
      {label === undefined ? (
        control
      ) : (
        <label>
          {label}
          {control}
        </label>
      )}
      {note}
    </div>
  );
}

export function LimitedInput({ value, limit, label, 'aria-describedby': describedBy, ...props }: InputProps) {
  const { fieldProps, note } = useLimit(value, limit, describedBy);
  return <Field label={label} note={note} control={<input {...props} {...fieldProps} value={value} />} />;
}

export function LimitedTextarea({ value, limit, label, 'aria-describedby': describedBy, ...props }: TextareaProps) {
  const { fieldProps, note } = useLimit(value, limit, describedBy);
  return <Field label={label} note={note} control={<textarea {...props} {...fieldProps} value={value} />} />;
}

/**
 * For a form's submit handler: whether one of its fields is over its limit (then it is focused,
 * its message already showing, and the form must send nothing).
 */
export function refuseInvalid(form: HTMLFormElement): boolean {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
  return invalid !== null;
}
