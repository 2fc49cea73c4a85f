import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { archiveEvent, rescheduleEvent, updateEvent } from '../../../documents/calendar/calendar.js';
import { EVENT_STATUSES, type EventChanges, type EventEntry, type EventStatus, eventChanges, eventTiming, toInstant } from '../../../documents/calendar/schema.js';
import { dateInZone } from '../../../documents/calendar/zoned-time.js';
import { LimitedInput, LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { LIMITS } from '../limits.js';
import { usePublishEditing } from '../presence/use-publish-editing.js';
import type { ProjectMember } from '../members.js';
import { shortDate, timeInZone, zoneCity, zoneOffsetText } from './dates.js';
import { type TimingFields, sameFields, timingFields, timingOf } from './timing.js';

interface Props {
  doc: Y.Doc;
  /** The event as it is now (live); the form starts from it as it was when opened. */
  event: EventEntry | null;
  viewerZone: string;
  zones: string[];
  members: ProjectMember[];
  nameOf: (userId: string) => string;
  readOnly: boolean;
  onClose: () => void;
  /** After the event was archived: the page offers Undo. */
  onDeleted: (event: EventEntry) => void;
  /** After a save, with what to announce. */
  onSaved: (message: string) => void;
}

interface Fields {
  title: string;
  description: string;
  channel: string;
  status: EventStatus;
  assigneeId: string;
}

const fieldsOf = (event: EventEntry): Fields => ({ title: event.title, description: event.description, channel: event.channel, status: event.status, assigneeId: event.assigneeId ?? '' });

/** What the person changed, as `updateEvent` takes it (nothing they left alone, so a concurrent change elsewhere survives). */
function changesOf(before: Fields, after: Fields): EventChanges {
  const changes: EventChanges = {};
  if (after.title.trim() !== before.title) changes.title = after.title.trim();
  if (after.description !== before.description) changes.description = after.description;
  if (after.channel.trim() !== before.channel) changes.channel = after.channel.trim();
  if (after.status !== before.status) changes.status = after.status;
  if (after.assigneeId !== before.assigneeId) changes.assigneeId = after.assigneeId || null;
  return changes;
}

/** "Tue 1 Dec 10:00–11:00" of a range in `zone`. */
function rangeText(start: string, end: string, zone: string, allDay: boolean): string {
  const from = toInstant(start);
  const to = toInstant(end);
  if (allDay) {
    const first = dateInZone(from, zone);
    const last = dateInZone(to - 1, zone);
    return first === last ? `${shortDate(first)}, all day` : `${shortDate(first)} – ${shortDate(last)}, all day`;
  }
  const endDay = dateInZone(to, zone);
  const sameDay = endDay === dateInZone(from, zone);
  return `${shortDate(dateInZone(from, zone))} ${timeInZone(from, zone)}–${sameDay ? '' : `${shortDate(endDay)} `}${timeInZone(to, zone)}`;
}

/**
 * A modal dialog (the native <dialog>: focus moves in and stays, Escape closes, focus goes back
 * to the event) editing one event. Saving writes only what changed, fields and timing in one
 * transaction, and only after everything has been checked, so a refused save changes nothing.
 */
export function EventEditor(props: Props) {
  const { event } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="event-editor" aria-labelledby="event-editor-heading" data-testid="event-editor" onClose={props.onClose}>
      {event ? (
        <EditorForm key={event.id} {...props} event={event} />
      ) : (
        <div className="event-editor-body">
          <h2 id="event-editor-heading">Event removed</h2>
          <p>Someone else deleted this event while it was open.</p>
          <div className="event-editor-actions">
            <button type="button" className="button" autoFocus onClick={props.onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}

function EditorForm({ doc, event, viewerZone, zones, members, nameOf, readOnly, onClose, onDeleted, onSaved }: Props & { event: EventEntry }) {
  const id = useId();
  // A modal dialog: while it is open, this person is at this event.
  usePublishEditing(event.id);
  const { error, run, dismiss, setError } = useOperation();
  // What the form started from: only fields that differ from it are written.
  const [initial] = useState(() => ({ fields: fieldsOf(event), timing: timingFields(event) }));
  const [fields, setFields] = useState<Fields>(initial.fields);
  const [timing, setTiming] = useState<TimingFields>(initial.timing);
  const set = <K extends keyof Fields>(key: K) => (value: Fields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const setTime = <K extends keyof TimingFields>(key: K) => (value: TimingFields[K]) => setTiming((current) => ({ ...current, [key]: value }));

  const when = timingOf(timing);
  const zoneChoices = zones.includes(timing.zone) ? zones : [timing.zone, ...zones];
  const assigneeChoices = members.map((member) => ({ id: member.userId, name: nameOf(member.userId) }));
  if (fields.assigneeId && !assigneeChoices.some((choice) => choice.id === fields.assigneeId)) assigneeChoices.push({ id: fields.assigneeId, name: nameOf(fields.assigneeId) });
  const changedElsewhere = JSON.stringify(fieldsOf(event)) !== JSON.stringify(initial.fields) || !sameFields(timingFields(event), initial.timing);

  const save = (submit: FormEvent<HTMLFormElement>) => {
    submit.preventDefault();
    if (readOnly || refuseInvalid(submit.currentTarget)) return;
    if (fields.title.trim() === '') return setError('Not saved: an event needs a title.');
    if (fields.channel.trim() === '') return setError('Not saved: an event needs a channel.');
    const changes = changesOf(initial.fields, fields);
    const timingChanged = !sameFields(initial.timing, timing);
    if (timingChanged && when instanceof Error) return setError(`Not saved: ${when.message}.`);
    const saved = run(() => {
      // Checked before anything is written, so a refusal leaves the event as it was.
      const checked = eventChanges.parse(changes);
      const next = timingChanged && !(when instanceof Error) ? eventTiming.parse(when) : null;
      if (next && !(toInstant(next.end) > toInstant(next.start))) throw new Error('an event must end after it starts.');
      doc.transact(() => {
        if (Object.keys(checked).length > 0) updateEvent(doc, event.id, checked);
        if (next) rescheduleEvent(doc, event.id, next);
      });
    });
    if (saved) {
      onSaved(`Saved “${fields.title.trim()}”.`);
      onClose();
    }
  };

  const remove = () => {
    if (run(() => archiveEvent(doc, event.id, true))) onDeleted(event);
  };

  return (
    <form className="event-editor-body" onSubmit={save} aria-label={readOnly ? 'Event details' : 'Edit event'} noValidate>
      <h2 id="event-editor-heading">{readOnly ? 'Event' : 'Edit event'}</h2>
      {changedElsewhere && !readOnly && (
        <p className="notice small" data-testid="changed-elsewhere">
          Someone changed this event while it was open; saving writes only the fields you changed.
        </p>
      )}
      <fieldset disabled={readOnly}>
        <LimitedInput label="Title" name="edit-title" autoFocus required limit={LIMITS.eventTitle} value={fields.title} onChange={(e) => set('title')(e.target.value)} />
        <LimitedTextarea label="Description" name="edit-description" rows={3} limit={LIMITS.eventDescription} value={fields.description} onChange={(e) => set('description')(e.target.value)} />
        <div className="event-editor-row">
          <div className="field">
            <label htmlFor={`${id}-day`}>Date</label>
            <input id={`${id}-day`} name="edit-day" type="date" required value={timing.day} onChange={(e) => setTime('day')(e.target.value)} />
          </div>
          {timing.allDay ? (
            <div className="field">
              <label htmlFor={`${id}-days`}>Days</label>
              <input id={`${id}-days`} name="edit-days" type="number" min="1" step="1" required value={timing.days} onChange={(e) => setTime('days')(e.target.value)} />
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${id}-time`}>Start time</label>
                <input id={`${id}-time`} name="edit-time" type="time" required value={timing.time} onChange={(e) => setTime('time')(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-minutes`}>Duration (minutes)</label>
                <input id={`${id}-minutes`} name="edit-minutes" type="number" min="5" step="5" required value={timing.minutes} onChange={(e) => setTime('minutes')(e.target.value)} />
              </div>
            </>
          )}
        </div>
        <div className="event-editor-row">
          <div className="field grow">
            <label htmlFor={`${id}-zone`}>Time zone</label>
            <select id={`${id}-zone`} name="edit-zone" value={timing.zone} onChange={(e) => setTime('zone')(e.target.value)}>
              {zoneChoices.map((zone) => (
                <option key={zone} value={zone}>
                  {zoneCity(zone)} ({zoneOffsetText(zone)}){zone === viewerZone ? ' · your zone' : ''}
                  {zone === event.timeZone ? ' · event’s zone' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field check">
            <input id={`${id}-all-day`} name="edit-all-day" type="checkbox" checked={timing.allDay} onChange={(e) => setTime('allDay')(e.target.checked)} />
            <label htmlFor={`${id}-all-day`}>All day</label>
          </div>
        </div>
        <p className="muted small" data-testid="editor-when" aria-live="polite">
          {when instanceof Error
            ? when.message
            : timing.zone === viewerZone || when.allDay
              ? rangeText(when.start, when.end, timing.zone, when.allDay) + (when.allDay ? ` (${zoneCity(timing.zone)})` : '')
              : `${rangeText(when.start, when.end, timing.zone, false)} in ${zoneCity(timing.zone)} · ${rangeText(when.start, when.end, viewerZone, false)} your time (${viewerZone})`}
        </p>
        <div className="event-editor-row">
          <div className="field grow">
            <LimitedInput label="Channel" name="edit-channel" required limit={LIMITS.eventChannel} value={fields.channel} onChange={(e) => set('channel')(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} name="edit-status" value={fields.status} onChange={(e) => set('status')(EVENT_STATUSES.find((status) => status === e.target.value) ?? fields.status)}>
              {EVENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status[0]!.toUpperCase() + status.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div className="field grow">
            <label htmlFor={`${id}-assignee`}>Assignee</label>
            <select id={`${id}-assignee`} name="edit-assignee" value={fields.assigneeId} onChange={(e) => set('assigneeId')(e.target.value)}>
              <option value="">Nobody</option>
              {assigneeChoices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <OperationError error={error} onDismiss={dismiss} />
      <div className="event-editor-actions">
        {!readOnly && (
          <button type="button" className="button event-delete" onClick={remove}>
            Delete
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          {readOnly ? 'Close' : 'Cancel'}
        </button>
        {!readOnly && (
          <button type="submit" className="button primary">
            Save
          </button>
        )}
      </div>
    </form>
  );
}
