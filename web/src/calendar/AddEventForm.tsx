import { type FormEvent, useId, useState } from 'react';
import type * as Y from 'yjs';
import { addEvent } from '../../../documents/calendar/calendar.js';
import { formatInZone, startOfDate, zonedToInstant } from '../../../documents/calendar/zoned-time.js';
import { refuseInvalid, useLimit } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import type { ProjectMember } from '../members.js';
import { addDays, parseDate, parseTime, zoneCity, zoneOffsetText } from './dates.js';

interface Props {
  doc: Y.Doc;
  /** The date the form starts on ('YYYY-MM-DD'), and the viewer's zone, its default zone. */
  day: string;
  onDay: (day: string) => void;
  viewerZone: string;
  zones: string[];
  /** The project's members, offered as assignees by name. */
  members: ProjectMember[];
  nameOf: (userId: string) => string;
  /** Adds through the page's `run`, so a refusal is shown like every other. */
  run: (operation: () => void) => boolean;
}

interface Timing {
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
}

/** The instants a day, a time and a duration typed in `zone` stand for; an Error says what is wrong. */
function timing(day: string, time: string, minutes: string, zone: string, allDay: boolean): Timing | Error {
  const date = parseDate(day);
  if (!date) return new Error('Pick a date');
  if (allDay) {
    const start = startOfDate(day, zone);
    const end = startOfDate(addDays(day, 1), zone);
    if (!start || !end) return new Error('Pick a date');
    return { start, end, timeZone: zone, allDay: true };
  }
  const clock = parseTime(time);
  if (!clock) return new Error('Pick a time');
  const duration = Number(minutes);
  if (!Number.isFinite(duration) || duration <= 0) return new Error('Duration must be a positive number of minutes');
  const start = zonedToInstant({ ...date, ...clock }, zone);
  return { start, end: formatInZone(Date.parse(start) + Math.round(duration) * 60_000, zone), timeZone: zone, allDay: false };
}

/** Adds an event; the day and time are read in the chosen zone (the viewer's unless changed). */
export function AddEventForm({ doc, day, onDay, viewerZone, zones, members, nameOf, run }: Props) {
  const [form, setForm] = useState({ title: '', time: '10:00', minutes: '60', zone: viewerZone, allDay: false, channel: 'youtube', assignee: '' });
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const set = (key: 'title' | 'time' | 'minutes' | 'zone' | 'channel' | 'assignee') => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const choices = zones.includes(form.zone) ? zones : [form.zone, ...zones];
  const titleLimit = useLimit(form.title, LIMITS.eventTitle);
  const channelLimit = useLimit(form.channel, LIMITS.eventChannel);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    const when = timing(day, form.time, form.minutes, form.zone, form.allDay);
    if (when instanceof Error) return setError(when.message);
    if (!form.title.trim()) return setError('Give the event a title');
    const added = run(() =>
      addEvent(doc, {
        id: crypto.randomUUID().replace(/-/g, '').slice(0, 16),
        title: form.title.trim(),
        ...when,
        channel: form.channel.trim(),
        status: 'scheduled',
        assigneeId: form.assignee || null,
      }),
    );
    if (added) setForm({ ...form, title: '' });
    setError(null);
  };

  return (
    <form className="inline-form event-form" onSubmit={submit} aria-label="New event">
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="event-title" placeholder="Event title" required value={form.title} onChange={set('title')} {...titleLimit.fieldProps} />
        {titleLimit.note}
      </div>
      <div className="field">
        <label htmlFor={`${id}-day`}>Date</label>
        <input id={`${id}-day`} name="event-day" type="date" required value={day} onChange={(event) => onDay(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>Time</label>
        <input id={`${id}-time`} name="event-time" type="time" required={!form.allDay} disabled={form.allDay} value={form.time} onChange={set('time')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-minutes`}>Duration (minutes)</label>
        <input id={`${id}-minutes`} name="event-minutes" type="number" min="5" step="5" required={!form.allDay} disabled={form.allDay} value={form.minutes} onChange={set('minutes')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <select id={`${id}-zone`} name="event-zone" value={form.zone} onChange={set('zone')}>
          {choices.map((zone) => (
            <option key={zone} value={zone}>
              {zoneCity(zone)} ({zoneOffsetText(zone)}){zone === viewerZone ? ' · your zone' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field check">
        <input id={`${id}-all-day`} name="event-all-day" type="checkbox" checked={form.allDay} onChange={(event) => setForm({ ...form, allDay: event.target.checked })} />
        <label htmlFor={`${id}-all-day`}>All day</label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>Channel</label>
        <input id={`${id}-channel`} name="event-channel" placeholder="Channel" required value={form.channel} onChange={set('channel')} {...channelLimit.fieldProps} />
        {channelLimit.note}
      </div>
      <div className="field">
        <label htmlFor={`${id}-assignee`}>Assignee</label>
        <select id={`${id}-assignee`} name="event-assignee" value={form.assignee} onChange={set('assignee')}>
          <option value="">Nobody</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {nameOf(member.userId)}
            </option>
          ))}
        </select>
      </div>
      <button className="button primary" type="submit">
        Add event
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
