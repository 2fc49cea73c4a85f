import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { archiveEvent, readCalendar, rescheduleEvent } from '../../../documents/calendar/calendar.js';
import { findConflicts } from '../../../documents/calendar/conflicts.js';
import type { EventEntry, EventTiming } from '../../../documents/calendar/schema.js';
import { dateInZone } from '../../../documents/calendar/zoned-time.js';
import { AddEventForm } from '../calendar/AddEventForm.js';
import { addDays, addMonths, daysBetween, monthTitle, parseDate, shortDate, startOfWeek, timeInZone, todayIn, viewerTimeZone, zoneChoices, zoneOffsetText } from '../calendar/dates.js';
import { EVENT_DRAG_TYPE, EventChip } from '../calendar/EventChip.js';
import { EventEditor } from '../calendar/EventEditor.js';
import { endChanged, movedByDays } from '../calendar/timing.js';
import { useDocumentView } from '../collab.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { useMembers } from '../members.js';

const read = (doc: Y.Doc) => readCalendar(doc);
/** How long the Undo offer stays after a delete. */
const UNDO_MS = 15_000;

/** Where an event's start now is, for people: "Tue 2 Dec 10:00" in the viewer's zone, or "Tue 2 Dec, all day". */
function whenText(event: Pick<EventEntry, 'start' | 'end' | 'allDay' | 'timeZone'>, viewerZone: string): string {
  const start = Date.parse(event.start);
  if (event.allDay) return `${shortDate(dateInZone(start, event.timeZone))}, all day`;
  return `${shortDate(dateInZone(start, viewerZone))} ${timeInZone(start, viewerZone)}–${timeInZone(Date.parse(event.end), viewerZone)}`;
}

/** The id and the cell of an event being dragged, or null for anything else dropped. */
function draggedEvent(drag: DragEvent): { id: string; from: string } | null {
  try {
    const value: unknown = JSON.parse(drag.dataTransfer.getData(EVENT_DRAG_TYPE));
    if (typeof value === 'object' && value !== null && 'id' in value && 'from' in value && typeof value.id === 'string' && typeof value.from === 'string') return { id: value.id, from: value.from };
  } catch {
    // Not one of ours.
  }
  return null;
}
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
export function CalendarView({ doc, readOnly, projectId, guest }: { doc: Y.Doc; readOnly: boolean; projectId: string; guest: boolean }) {
  const calendar = useDocumentView(doc, read);
  // A guest has no list of the project's people: events keep their assignees, and the pickers offer none.
  const { members, nameOf } = useMembers(guest ? null : projectId);
  const { error, run, dismiss } = useOperation();
  const [editing, setEditing] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [deleted, setDeleted] = useState<EventEntry | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [dropDay, setDropDay] = useState<string | null>(null);
  /** An event to give focus back to once it is drawn in its new cell (after a keyboard move or the editor closing). */
  const [focusEvent, setFocusEvent] = useState<string | null>(null);
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

  const byId = useMemo(() => new Map(calendar.events.map((event) => [event.id, event])), [calendar.events]);
  const editingEvent = editing === null ? null : (byId.get(editing) ?? null);

  useEffect(() => {
    if (focusEvent === null) return;
    const target = document.querySelector<HTMLElement>(`[data-testid="event-${CSS.escape(focusEvent)}"] .event-open`);
    // Tried until it is drawn; given up when the event is gone.
    if (target) target.focus();
    if (target || !byId.has(focusEvent)) setFocusEvent(null);
  });

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  const announce = useCallback((message: string) => setAnnouncement(message), []);

  /** Reschedules through `run`, and says what happened. */
  const reschedule = (event: EventEntry, timing: EventTiming | null, verb: string) => {
    if (!timing) return announce(`“${event.title}” could not be ${verb}.`);
    if (run(() => rescheduleEvent(doc, event.id, timing))) announce(`“${event.title}” ${verb}: ${whenText({ ...event, ...timing }, viewerZone)}.`);
  };
  const moveBy = (event: EventEntry, by: number, keepFocus: boolean) => {
    if (readOnly || by === 0) return;
    const timing = movedByDays(event, by);
    reschedule(event, timing, 'moved');
    if (keepFocus) {
      setFocusEvent(event.id);
      // Follow it into the next week or month.
      if (timing) {
        const shown = event.allDay ? dateInZone(Date.parse(timing.start), event.timeZone) : dateInZone(Date.parse(timing.start), viewerZone);
        if (!days.includes(shown)) setAnchor(shown);
      }
    }
  };
  const changeEnd = (event: EventEntry, minutes: number) => {
    if (readOnly) return;
    if (event.allDay) return announce(`“${event.title}” is all day: change its days in the editor.`);
    const timing = endChanged(event, minutes);
    if (!timing) return announce(`“${event.title}” cannot be shorter than that.`);
    if (run(() => rescheduleEvent(doc, event.id, timing))) announce(`“${event.title}” now ends at ${timeInZone(Date.parse(timing.end), viewerZone)} (${whenText({ ...event, ...timing }, viewerZone)}).`);
  };
  const drop = (day: string) => (drag: DragEvent<HTMLDivElement>) => {
    drag.preventDefault();
    setDropDay(null);
    if (readOnly) return;
    const dragged = draggedEvent(drag);
    const event = dragged ? byId.get(dragged.id) : undefined;
    if (!dragged || !event) return;
    moveBy(event, daysBetween(dragged.from, day), false);
  };
  const closeEditor = () => {
    const id = editing;
    setEditing(null);
    if (id && byId.has(id)) setFocusEvent(id);
    else opener.current?.focus();
  };
  const undo = () => {
    if (!deleted) return;
    const event = deleted;
    if (run(() => archiveEvent(doc, event.id, false))) {
      setDeleted(null);
      announce(`“${event.title}” restored.`);
      setFocusEvent(event.id);
    }
  };

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
      <OperationError error={error} onDismiss={dismiss} />
      {deleted && (
        <p className="notice undo-notice" role="status" data-testid="undo-notice">
          Deleted “{deleted.title}”.{' '}
          <button type="button" className="button" onClick={undo}>
            Undo
          </button>{' '}
          <button type="button" className="link" aria-label="Dismiss" onClick={() => setDeleted(null)}>
            ×
          </button>
        </p>
      )}
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
            <div
              key={day}
              className={`day${other ? ' other' : ''}${isToday ? ' today' : ''}${dropDay === day ? ' drop-target' : ''}`}
              data-testid={`day-${day}`}
              aria-current={isToday ? 'date' : undefined}
              onDragOver={(drag) => {
                if (readOnly || !drag.dataTransfer.types.includes(EVENT_DRAG_TYPE)) return;
                drag.preventDefault();
                drag.dataTransfer.dropEffect = 'move';
                if (dropDay !== day) setDropDay(day);
              }}
              onDragLeave={() => setDropDay((current) => (current === day ? null : current))}
              onDrop={drop(day)}
            >
              <span className="date">
                <span aria-hidden="true">{parseDate(day)?.day ?? day}</span>
                <span className="visually-hidden">{shortDate(day)}</span>
              </span>
              {(byDay.get(day) ?? []).map((event) => (
                <EventChip
                  key={event.id}
                  event={event}
                  day={day}
                  viewerZone={viewerZone}
                  conflict={conflicted.has(event.id)}
                  readOnly={readOnly}
                  resizable={mode === 'week'}
                  assignee={event.assigneeId ? nameOf(event.assigneeId) : null}
                  onOpen={(element) => {
                    opener.current = element;
                    setEditing(event.id);
                  }}
                  onMove={(by) => moveBy(event, by, true)}
                  onEnd={(minutes) => {
                    changeEnd(event, minutes);
                    setFocusEvent(event.id);
                  }}
                />
              ))}
            </div>
          );
        })}
      </div>
      {!readOnly && <AddEventForm doc={doc} day={formDay} onDay={setFormDay} viewerZone={viewerZone} zones={zones} members={members} nameOf={nameOf} run={run} />}
      {!readOnly && (
        <p id="calendar-keys-help" className="muted small calendar-help">
          Click an event to edit it, or drag it to another day. With an event focused: Alt+←/→ moves it a day, Alt+Shift+↑/↓ ends it 15 minutes earlier or later.
        </p>
      )}
      <p className="visually-hidden" aria-live="polite" role="status" data-testid="calendar-announcer">
        {announcement}
      </p>
      {editing !== null && (
        <EventEditor
          doc={doc}
          event={editingEvent}
          viewerZone={viewerZone}
          zones={zones}
          members={members}
          nameOf={nameOf}
          readOnly={readOnly}
          onClose={closeEditor}
          onSaved={announce}
          onDeleted={(event) => {
            setDeleted(event);
            setEditing(null);
            announce(`Deleted “${event.title}”. Undo is offered at the top of the calendar.`);
          }}
        />
      )}
    </div>
  );
}
