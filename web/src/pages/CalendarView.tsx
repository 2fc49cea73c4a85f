import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { readCalendar } from '../../../documents/calendar/calendar.js';
import { findConflicts } from '../../../documents/calendar/conflicts.js';
import type { EventEntry } from '../../../documents/calendar/schema.js';
import { dateInZone } from '../../../documents/calendar/zoned-time.js';
import { AddEventForm } from '../calendar/AddEventForm.js';
import { addDays, addMonths, daysBetween, monthTitle, parseDate, startOfWeek, todayIn, viewerTimeZone, zoneChoices, zoneOffsetText } from '../calendar/dates.js';
import { EventChip } from '../calendar/EventChip.js';
import { useDocumentView } from '../collab.js';

const read = (doc: Y.Doc) => readCalendar(doc);
/** An all-day event longer than this is shown on its first days only. */
const MAX_ALL_DAY_SPAN = 366;

/** The viewer's today, kept current across midnight. */
function useToday(zone: string): string {
  const [today, setToday] = useState(() => todayIn(zone));
  useEffect(() => {
    const timer = setInterval(() => setToday(todayIn(zone)), 30_000);
    return () => clearInterval(timer);
  }, [zone]);
  return today;
}

/** The dates an event is shown on: its start date in the viewer's zone, or for an all-day event every date it covers in its own zone. */
function datesOf(event: EventEntry, viewerZone: string): string[] {
  const start = Date.parse(event.start);
  if (!event.allDay) return [dateInZone(start, viewerZone)];
  const first = dateInZone(start, event.timeZone);
  const span = Math.min(MAX_ALL_DAY_SPAN, Math.max(1, daysBetween(first, dateInZone(Date.parse(event.end) - 1, event.timeZone)) + 1));
  return Array.from({ length: span }, (_, i) => addDays(first, i));
}

/** Month or week grid of the viewer's local days; times in the viewer's zone (and the event's own); conflicts outlined. */
export function CalendarView({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean; projectId: string }) {
  const calendar = useDocumentView(doc, read);
  const viewerZone = useMemo(viewerTimeZone, []);
  const today = useToday(viewerZone);
  const [mode, setMode] = useState<'month' | 'week'>('month');
  const [anchor, setAnchor] = useState(today);
  const [formDay, setFormDay] = useState(today);
  const conflicts = useMemo(() => findConflicts(calendar.events), [calendar.events]);
  const conflicted = new Set(conflicts.flatMap((conflict) => [conflict.a, conflict.b]));
  const anchorMonth = anchor.slice(0, 7);

  const days = useMemo(() => {
    if (mode === 'week') return Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));
    // Six weeks from the Monday on or before the 1st of the anchor's month.
    const start = startOfWeek(addMonths(anchor, 0));
    return Array.from({ length: 42 }, (_, i) => addDays(start, i));
  }, [mode, anchor]);

  const byDay = useMemo(() => {
    const map = new Map<string, EventEntry[]>();
    for (const event of calendar.events) for (const day of datesOf(event, viewerZone)) map.set(day, [...(map.get(day) ?? []), event]);
    // All-day events first, then by start (readCalendar's order).
    for (const list of map.values()) list.sort((a, b) => Number(b.allDay) - Number(a.allDay));
    return map;
  }, [calendar.events, viewerZone]);

  const usedZones = useMemo(() => new Set(calendar.events.map((event) => event.timeZone)), [calendar.events]);
  const zones = useMemo(() => zoneChoices(viewerZone, usedZones), [viewerZone, usedZones]);

  const step = (direction: number) => {
    const next = mode === 'week' ? addDays(anchor, 7 * direction) : addMonths(anchor, direction);
    const first = mode === 'week' ? startOfWeek(next) : next;
    const inView = mode === 'week' ? daysBetween(first, today) >= 0 && daysBetween(first, today) < 7 : today.slice(0, 7) === next.slice(0, 7);
    setAnchor(inView ? today : next);
    setFormDay(inView ? today : first);
  };
  const goToday = () => {
    setAnchor(today);
    setFormDay(today);
  };

  return (
    <div className="calendar" data-testid="calendar">
      <div className="toolbar">
        <button className="button" onClick={() => step(-1)} aria-label={mode === 'week' ? 'Previous week' : 'Previous month'}>
          ←
        </button>
        <strong data-testid="calendar-title">{monthTitle(mode === 'week' ? startOfWeek(anchor) : anchor)}</strong>
        <button className="button" onClick={() => step(1)} aria-label={mode === 'week' ? 'Next week' : 'Next month'}>
          →
        </button>
        <button className="button" onClick={goToday}>
          Today
        </button>
        <span className="spacer" />
        <span className="muted small" data-testid="viewer-zone" title="Times are shown in this browser's time zone">
          Times in {viewerZone} ({zoneOffsetText(viewerZone)})
        </span>
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
        {days.map((day) => {
          const isToday = day === today;
          const other = mode === 'month' && day.slice(0, 7) !== anchorMonth;
          return (
            <div key={day} className={`day${other ? ' other' : ''}${isToday ? ' today' : ''}`} data-testid={`day-${day}`} aria-current={isToday ? 'date' : undefined}>
              <span className="date">{parseDate(day)?.day ?? day}</span>
              {(byDay.get(day) ?? []).map((event) => (
                <EventChip key={event.id} event={event} viewerZone={viewerZone} conflict={conflicted.has(event.id)} />
              ))}
            </div>
          );
        })}
      </div>
      {!readOnly && <AddEventForm doc={doc} day={formDay} onDay={setFormDay} viewerZone={viewerZone} zones={zones} />}
    </div>
  );
}
