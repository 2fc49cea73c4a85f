import { sinceText } from '../time-text.js';

/** "3 minutes ago", with the exact local date and time on hover and for assistive technology that reads `dateTime`. */
export function VersionTime({ iso, now }: { iso: string; now: number }) {
  return (
    <time className="history-time" dateTime={iso} title={new Date(iso).toLocaleString()}>
      {sinceText(iso, now)}
    </time>
  );
}
