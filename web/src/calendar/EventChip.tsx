import type { KeyboardEvent } from 'react';
import type { EventEntry } from '../../../documents/calendar/schema.js';
import { dateInZone } from '../../../documents/calendar/zoned-time.js';
import { EditingNow } from '../presence/EditingNow.js';
import { shortDate, timeInZone, zoneCity } from './dates.js';
import { END_STEP_MINUTES, minutesOf } from './timing.js';

/** The drag data type of an event being dragged: its id and the day cell it was picked up from. */
export const EVENT_DRAG_TYPE = 'application/x-calendar-event';

export interface ChipActions {
  /** Opens the editor (read-only details for viewers). */
  onOpen: (opener: HTMLElement) => void;
  /** Moves the event by whole days (Alt+←/→). */
  onMove: (days: number) => void;
  /** Changes its end by minutes (Alt+Shift+↑/↓, the −/+ buttons in week view). */
  onEnd: (minutes: number) => void;
}

interface Props extends ChipActions {
  event: EventEntry;
  /** The date of the cell it is shown in ('YYYY-MM-DD', the viewer's day). */
  day: string;
  viewerZone: string;
  conflict: boolean;
  readOnly: boolean;
  /** Week view shows the resize buttons. */
  resizable: boolean;
  /** The assignee's name (the id when the member is unknown), or null. */
  assignee: string | null;
}

/** One event in a day cell: its time in the viewer's zone, and in its own zone when that differs. Editors can drag it, open it and move it with the keyboard. */
export function EventChip({ event, day, viewerZone, conflict, readOnly, resizable, assignee, onOpen, onMove, onEnd }: Props) {
  const start = Date.parse(event.start);
  const end = Date.parse(event.end);
  const ownZone = event.timeZone;
  const otherZone = ownZone !== viewerZone;
  const who = `${event.channel}${assignee ? ` · ${assignee}` : ''} · ${event.status}`;

  let time: string;
  let suffix: string | null = null;
  let title: string;
  if (event.allDay) {
    time = 'all day';
    const first = dateInZone(start, ownZone);
    const last = dateInZone(end - 1, ownZone);
    title = `${event.title}\nAll day ${first === last ? shortDate(first) : `${shortDate(first)} – ${shortDate(last)}`} (${ownZone})\n${who}`;
  } else {
    time = timeInZone(start, viewerZone);
    const range = (zone: string) => `${shortDate(dateInZone(start, zone))} ${timeInZone(start, zone)}–${timeInZone(end, zone)}`;
    title = `${event.title}\n${range(viewerZone)} your time (${viewerZone})`;
    if (otherZone) {
      const ownDay = dateInZone(start, ownZone);
      const dayNote = ownDay === dateInZone(start, viewerZone) ? '' : ` (${shortDate(ownDay)})`;
      suffix = `${timeInZone(start, ownZone)} ${zoneCity(ownZone)}${dayNote}`;
      title += `\n${range(ownZone)} in ${ownZone}`;
    }
    title += `\n${who}`;
  }

  const keys = (key: KeyboardEvent<HTMLButtonElement>) => {
    if (readOnly || !key.altKey) return;
    if (!key.shiftKey && (key.key === 'ArrowLeft' || key.key === 'ArrowRight')) {
      key.preventDefault();
      onMove(key.key === 'ArrowLeft' ? -1 : 1);
    } else if (key.shiftKey && (key.key === 'ArrowUp' || key.key === 'ArrowDown')) {
      key.preventDefault();
      onEnd(key.key === 'ArrowUp' ? -END_STEP_MINUTES : END_STEP_MINUTES);
    }
  };
  const shortest = minutesOf(event) <= END_STEP_MINUTES;

  return (
    <div
      className={`event status-${event.status}${conflict ? ' conflict' : ''}${event.allDay ? ' all-day' : ''}${readOnly ? '' : ' editable'}`}
      data-testid={`event-${event.id}`}
      data-title={event.title}
      data-status={event.status}
      title={title}
      draggable={!readOnly}
      onDragStart={(drag) => {
        drag.dataTransfer.setData(EVENT_DRAG_TYPE, JSON.stringify({ id: event.id, from: day }));
        drag.dataTransfer.setData('text/plain', event.title);
        drag.dataTransfer.effectAllowed = 'move';
      }}
    >
      <button
        type="button"
        className="event-open"
        onClick={(click) => onOpen(click.currentTarget)}
        onKeyDown={keys}
        aria-haspopup="dialog"
        aria-keyshortcuts={readOnly ? undefined : 'Alt+ArrowLeft Alt+ArrowRight Alt+Shift+ArrowUp Alt+Shift+ArrowDown'}
        aria-describedby={readOnly ? undefined : 'calendar-keys-help'}
      >
        <span className="time">{time}</span>
        {suffix && <span className="zone-time"> · {suffix}</span>} <span className="event-title">{event.title}</span>
        <span className="muted"> · {event.channel}</span>
        {assignee && <span className="event-assignee"> · {assignee}</span>}
      </button>
      <EditingNow id={event.id} />
      {resizable && !readOnly && !event.allDay && (
        <span className="event-resize">
          <button type="button" className="quiet" disabled={shortest} aria-label={`End “${event.title}” ${END_STEP_MINUTES} minutes earlier`} title={`End ${END_STEP_MINUTES} minutes earlier`} onClick={() => onEnd(-END_STEP_MINUTES)}>
            −{END_STEP_MINUTES}
          </button>
          <button type="button" className="quiet" aria-label={`End “${event.title}” ${END_STEP_MINUTES} minutes later`} title={`End ${END_STEP_MINUTES} minutes later`} onClick={() => onEnd(END_STEP_MINUTES)}>
            +{END_STEP_MINUTES}
          </button>
        </span>
      )}
    </div>
  );
}
