import { type FormEvent, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { addEvent, readCalendar } from '../../../documents/calendar/calendar.js';
import { findConflicts } from '../../../documents/calendar/conflicts.js';
import type { EventEntry } from '../../../documents/calendar/schema.js';
import { useDocumentView } from '../collab.js';

const DAY = 86_400_000;
const read = (doc: Y.Doc) => readCalendar(doc);
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

function startOfWeek(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/** Month or week grid (UTC days), events on the days they start, conflicts outlined. */
export function CalendarView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const calendar = useDocumentView(doc, read);
  const [mode, setMode] = useState<'month' | 'week'>('month');
  const [anchor, setAnchor] = useState(() => new Date());
  const conflicts = useMemo(() => findConflicts(calendar.events), [calendar.events]);
  const conflicted = new Set(conflicts.flatMap((conflict) => [conflict.a, conflict.b]));

  const days = useMemo(() => {
    if (mode === 'week') return Array.from({ length: 7 }, (_, i) => new Date(startOfWeek(anchor).getTime() + i * DAY));
    const first = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1));
    const start = startOfWeek(first);
    return Array.from({ length: 42 }, (_, i) => new Date(start.getTime() + i * DAY));
  }, [mode, anchor]);
  const byDay = new Map<string, EventEntry[]>();
  for (const event of calendar.events) {
    const key = dayKey(new Date(event.start));
    byDay.set(key, [...(byDay.get(key) ?? []), event]);
  }
  const step = (direction: number) =>
    setAnchor((current) => (mode === 'week' ? new Date(current.getTime() + direction * 7 * DAY) : new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth() + direction, 1))));

  return (
    <div className="calendar" data-testid="calendar">
      <div className="toolbar">
        <button className="button" onClick={() => step(-1)}>
          ←
        </button>
        <strong>{anchor.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</strong>
        <button className="button" onClick={() => step(1)}>
          →
        </button>
        <span className="spacer" />
        <button className={`button${mode === 'month' ? ' active' : ''}`} onClick={() => setMode('month')}>
          Month
        </button>
        <button className={`button${mode === 'week' ? ' active' : ''}`} onClick={() => setMode('week')}>
          Week
        </button>
      </div>
      {conflicts.length > 0 && (
        <p className="notice" data-testid="conflicts">
          {conflicts.length} scheduling conflict{conflicts.length === 1 ? '' : 's'}: same channel or person at the same time.
        </p>
      )}
      <div className={`grid ${mode}`}>
        {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((name) => (
          <div key={name} className="weekday">
            {name}
          </div>
        ))}
        {days.map((day) => (
          <div key={dayKey(day)} className={`day${day.getUTCMonth() === anchor.getUTCMonth() ? '' : ' other'}`}>
            <span className="date">{day.getUTCDate()}</span>
            {(byDay.get(dayKey(day)) ?? []).map((event) => (
              <div key={event.id} className={`event status-${event.status}${conflicted.has(event.id) ? ' conflict' : ''}`} data-testid={`event-${event.id}`} title={`${event.channel}${event.assigneeId ? ` · @${event.assigneeId}` : ''}`}>
                <span className="time">{event.allDay ? 'all day' : new Date(event.start).toISOString().slice(11, 16)}</span> {event.title}
                <span className="muted"> · {event.channel}</span>
              </div>
            ))}
          </div>
        ))}
      </div>
      {!readOnly && <AddEvent doc={doc} defaultDay={dayKey(anchor)} />}
    </div>
  );
}

function AddEvent({ doc, defaultDay }: { doc: Y.Doc; defaultDay: string }) {
  const [form, setForm] = useState({ title: '', day: defaultDay, time: '10:00', minutes: '60', channel: 'youtube', assignee: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      const start = new Date(`${form.day}T${form.time}:00Z`);
      addEvent(doc, {
        id: crypto.randomUUID().replace(/-/g, '').slice(0, 16),
        title: form.title,
        start: start.toISOString(),
        end: new Date(start.getTime() + Number(form.minutes) * 60_000).toISOString(),
        channel: form.channel,
        status: 'scheduled',
        assigneeId: form.assignee || null,
      });
      setForm({ ...form, title: '' });
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Invalid event');
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input name="event-title" placeholder="Event title" required value={form.title} onChange={set('title')} />
      <input name="event-day" type="date" required value={form.day} onChange={set('day')} />
      <input name="event-time" type="time" required value={form.time} onChange={set('time')} />
      <input name="event-minutes" type="number" min="5" step="5" value={form.minutes} onChange={set('minutes')} aria-label="Minutes" />
      <input name="event-channel" placeholder="Channel" required value={form.channel} onChange={set('channel')} />
      <input name="event-assignee" placeholder="Assignee" value={form.assignee} onChange={set('assignee')} />
      <button className="button primary" type="submit">
        Add event
      </button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}
