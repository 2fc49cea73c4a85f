import type { EventEntry } from '../../../documents/calendar/schema.js';
import { dateInZone } from '../../../documents/calendar/zoned-time.js';
import { shortDate, timeInZone, zoneCity } from './dates.js';

/** One event in a day cell: its time in the viewer's zone, and in its own zone when that differs. */
export function EventChip({ event, viewerZone, conflict }: { event: EventEntry; viewerZone: string; conflict: boolean }) {
  const start = Date.parse(event.start);
  const end = Date.parse(event.end);
  const ownZone = event.timeZone;
  const otherZone = ownZone !== viewerZone;
  const who = `${event.channel}${event.assigneeId ? ` · @${event.assigneeId}` : ''}`;

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

  return (
    <div className={`event status-${event.status}${conflict ? ' conflict' : ''}${event.allDay ? ' all-day' : ''}`} data-testid={`event-${event.id}`} data-title={event.title} title={title}>
      <span className="time">{time}</span>
      {suffix && <span className="zone-time"> · {suffix}</span>} {event.title}
      <span className="muted"> · {event.channel}</span>
    </div>
  );
}
