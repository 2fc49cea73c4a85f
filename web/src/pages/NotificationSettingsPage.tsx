import { useCallback, useEffect, useState } from 'react';
import { FEED_EVENT_TYPES, type FeedEventType } from '../../../documents/feed-event-types.js';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';

type Channel = 'inApp' | 'email';
type Group = 'tasks' | 'calendar' | 'pipeline' | 'annotations' | 'requests';

/** As GET /api/notifications/preferences answers: the person's choices and what they amount to. */
interface Preferences {
  groups: Partial<Record<Group, Channel[]>>;
  types: Partial<Record<FeedEventType, Channel[]>>;
  emailDigestMinutes: number;
  effective: Record<FeedEventType, Channel[]>;
}

const GROUPS: readonly [Group, string, string][] = [
  ['tasks', 'Tasks', 'task'],
  ['calendar', 'Calendar', 'event'],
  ['pipeline', 'Pipeline', 'item'],
  ['annotations', 'Annotations', 'thread'],
  ['requests', 'Requests', 'request'],
];
const CHANNELS: readonly [Channel, string][] = [
  ['inApp', 'In the app'],
  ['email', 'By email'],
];
const DIGESTS: readonly [number, string][] = [
  [0, 'As it happens (gathered for about a minute)'],
  [15, 'Every 15 minutes at most'],
  [60, 'Hourly at most'],
  [1_440, 'Daily at most'],
];

const typesOf = (prefix: string) => FEED_EVENT_TYPES.filter((type) => type.startsWith(`${prefix}.`));
/** `task.due-changed` → "due changed". */
const labelOf = (type: string) => type.split('.')[1]!.replace(/-/g, ' ');

/**
 * Which events reach the person in one project, in the app and by email: a whole area at once
 * or one kind of event, and how often email may come. Saved as a whole (PUT).
 */
export function NotificationSettingsPage({ projectId }: { projectId: string }) {
  const { project, error: projectError } = useProject(projectId);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const path = `/api/notifications/preferences?projectId=${encodeURIComponent(projectId)}`;

  const load = useCallback(async () => {
    try {
      setPreferences((await api<Preferences>('GET', path)).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not load your notification settings'));
    }
  }, [path]);
  useEffect(() => void load(), [load]);

  /** Saves a whole new set of choices; `shown` is what the boxes show meanwhile (the server's answer replaces it, a refusal reloads). */
  const save = async (next: Pick<Preferences, 'groups' | 'types'> & { emailDigestMinutes: number | null }, shown?: Partial<Record<FeedEventType, Channel[]>>) => {
    setError(null);
    setSaved(false);
    if (shown) setPreferences((current) => current && { ...current, effective: { ...current.effective, ...shown } });
    try {
      setPreferences((await api<Preferences>('PUT', '/api/notifications/preferences', { projectId, ...next })).data);
      setSaved(true);
    } catch (failure) {
      setError(failureText(failure));
      await load();
    }
  };
  const toggled = (channels: readonly Channel[], channel: Channel, on: boolean): Channel[] =>
    on ? [...new Set([...channels, channel])] : channels.filter((c) => c !== channel);

  if (!preferences) {
    return (
      <section className="page">
        {(error ?? projectError) ? <p className="error">{error ?? projectError}</p> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  const { groups, types, emailDigestMinutes, effective } = preferences;
  // A group's box is ticked when every event of it reaches that channel; setting it sets the whole group
  // (the channels every event of it already had, plus or minus this one) and clears its per-event choices.
  const setGroup = (group: Group, prefix: string, channel: Channel, on: boolean) => {
    const current = CHANNELS.map(([c]) => c).filter((c) => typesOf(prefix).every((type) => effective[type].includes(c)));
    const remaining = Object.fromEntries(Object.entries(types).filter(([type]) => !type.startsWith(`${prefix}.`)));
    const channels = toggled(current, channel, on);
    void save({ groups: { ...groups, [group]: channels }, types: remaining, emailDigestMinutes }, Object.fromEntries(typesOf(prefix).map((type) => [type, channels])));
  };
  const setType = (type: FeedEventType, channel: Channel, on: boolean) => {
    const channels = toggled(effective[type], channel, on);
    void save({ groups, types: { ...types, [type]: channels }, emailDigestMinutes }, { [type]: channels });
  };

  return (
    <section className="page" data-testid="notification-settings">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Notification settings</h1>
        <span className="spacer" />
        <a href={href.inbox()}>Notifications →</a>
      </div>
      <p className="muted">You hear only of what concerns you: cards and events you are on, your items, threads you are in, your requests. Never of your own changes.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && <p className="muted" role="status">Saved.</p>}
      <table className="settings-table">
        <thead>
          <tr>
            <th />
            {CHANNELS.map(([channel, label]) => (
              <th key={channel}>{label}</th>
            ))}
          </tr>
        </thead>
        {GROUPS.map(([group, title, prefix]) => (
          <tbody key={group} data-testid={`group-${group}`}>
            <tr className="settings-group">
              <th scope="row">{title}</th>
              {CHANNELS.map(([channel, label]) => (
                <td key={channel}>
                  <input
                    type="checkbox"
                    aria-label={`${title}: ${label}`}
                    checked={typesOf(prefix).every((type) => effective[type].includes(channel))}
                    onChange={(e) => setGroup(group, prefix, channel, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
            {typesOf(prefix).map((type) => (
              <tr key={type} data-testid={`type-${type}`}>
                <td className="settings-type">{labelOf(type)}</td>
                {CHANNELS.map(([channel, label]) => (
                  <td key={channel}>
                    <input type="checkbox" aria-label={`${type}: ${label}`} checked={effective[type].includes(channel)} onChange={(e) => setType(type, channel, e.target.checked)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      <label className="field">
        Email at most
        <select value={emailDigestMinutes} data-testid="digest" onChange={(e) => void save({ groups, types, emailDigestMinutes: Number(e.target.value) })}>
          {(DIGESTS.some(([minutes]) => minutes === emailDigestMinutes) ? DIGESTS : [...DIGESTS, [emailDigestMinutes, `Every ${emailDigestMinutes} minutes at most`] as const]).map(([minutes, label]) => (
            <option key={minutes} value={minutes}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <p>
        <button className="link" onClick={() => void save({ groups: {}, types: {}, emailDigestMinutes: null })}>
          Back to the defaults
        </button>
      </p>
    </section>
  );
}
