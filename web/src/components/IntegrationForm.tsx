import { type FormEvent, useState } from 'react';
import { FEED_EVENT_TYPES } from '../../../documents/feed-event-types.js';
import { LIMITS } from '../limits.js';
import { LimitedInput, refuseInvalid } from './Limited.js';

export type IntegrationKind = 'discord' | 'slack' | 'jira';

export interface Integration {
  id: string;
  kind: IntegrationKind | 'email';
  name: string;
  settings: Record<string, unknown>;
  eventTypes: string[];
  status: 'active' | 'broken' | 'disabled';
  brokenReason: string | null;
  hasSecret: boolean;
  secretHint: string | null;
}

/** What the form sends: the create body, or the changes of an edit (an empty secret keeps the stored one). */
export interface IntegrationDraft {
  kind: IntegrationKind;
  name: string;
  settings: Record<string, unknown>;
  secret?: string;
  eventTypes: string[];
}

export const KIND_LABEL: Record<string, string> = { discord: 'Discord', slack: 'Slack', jira: 'JIRA', email: 'Email' };

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** `todo = To Do` lines ⇄ the column → status map. */
const mappingText = (value: unknown) =>
  Object.entries(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {})
    .map(([column, status]) => `${column} = ${text(status)}`)
    .join('\n');
const mappingOf = (value: string) =>
  Object.fromEntries(
    value
      .split('\n')
      .map((line) => line.split('='))
      .filter((parts) => parts.length >= 2 && parts[0]!.trim())
      .map(([column, ...status]) => [column!.trim(), status.join('=').trim()]),
  );

/**
 * Adds or edits a Discord, Slack or JIRA integration. Secrets (the webhook URL, the API token)
 * are write-only: an edit shows the stored one's hint and keeps it unless a new one is typed.
 */
export function IntegrationForm({ initial, onSubmit, onCancel }: { initial?: Integration; onSubmit: (draft: IntegrationDraft) => Promise<void>; onCancel?: () => void }) {
  const editing = initial !== undefined;
  const [kind, setKind] = useState<IntegrationKind>(initial && initial.kind !== 'email' ? initial.kind : 'discord');
  const [name, setName] = useState(initial?.name ?? '');
  const [secret, setSecret] = useState('');
  const [username, setUsername] = useState(text(initial?.settings.username));
  const [jira, setJira] = useState({
    site: text(initial?.settings.site),
    projectKey: text(initial?.settings.projectKey),
    issueType: text(initial?.settings.issueType) || 'Task',
    email: text(initial?.settings.email),
    label: text(initial?.settings.label),
    columnStatus: mappingText(initial?.settings.columnStatus),
  });
  const [allTypes, setAllTypes] = useState((initial?.eventTypes.length ?? 0) === 0);
  const [types, setTypes] = useState<Set<string>>(new Set(initial?.eventTypes ?? []));
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    const settings =
      kind === 'jira'
        ? { site: jira.site, projectKey: jira.projectKey, issueType: jira.issueType, email: jira.email, columnStatus: mappingOf(jira.columnStatus), ...(jira.label ? { label: jira.label } : {}) }
        : username
          ? { username }
          : {};
    setBusy(true);
    try {
      await onSubmit({ kind, name, settings, eventTypes: allTypes ? [] : [...types], ...(secret ? { secret } : {}) });
    } catch {
      // Refused: the page says why, and the form stays as typed to be corrected.
    } finally {
      setBusy(false);
    }
  };
  const toggle = (type: string) => setTypes((current) => new Set(current.has(type) ? [...current].filter((t) => t !== type) : [...current, type]));
  const secretLabel = kind === 'jira' ? 'API token' : 'Webhook URL';
  const secretPlaceholder = editing && initial?.secretHint ? `Keep ${initial.secretHint}` : kind === 'discord' ? 'https://discord.com/api/webhooks/…' : kind === 'slack' ? 'https://hooks.slack.com/services/…' : '';

  return (
    <form className="card-form panel" data-testid="integration-form" onSubmit={(event) => void submit(event)}>
      <label>
        Kind
        <select name="integration-kind" value={kind} disabled={editing} onChange={(e) => setKind(e.target.value as IntegrationKind)}>
          <option value="discord">Discord</option>
          <option value="slack">Slack</option>
          <option value="jira">JIRA</option>
        </select>
      </label>
      <LimitedInput label="Name" name="integration-name" required limit={LIMITS.integrationName} value={name} onChange={(e) => setName(e.target.value)} placeholder="#studio-updates" />
      <LimitedInput
        label={
          <span>
            {secretLabel} {editing && <small>(leave empty to keep the current one)</small>}
          </span>
        }
        name="integration-secret"
        type="password"
        autoComplete="off"
        required={!editing}
        limit={LIMITS.integrationSecret}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        placeholder={secretPlaceholder}
      />
      {kind !== 'jira' && (
        <LimitedInput label="Post as (optional)" name="integration-username" limit={LIMITS.integrationUsername} value={username} onChange={(e) => setUsername(e.target.value)} placeholder="Studio" />
      )}
      {kind === 'jira' && (
        <>
          <LimitedInput label="Site" name="jira-site" required limit={LIMITS.jiraSite} value={jira.site} onChange={(e) => setJira({ ...jira, site: e.target.value })} placeholder="https://your-team.atlassian.net" />
          <label>
            Project key
            <input name="jira-project" required value={jira.projectKey} onChange={(e) => setJira({ ...jira, projectKey: e.target.value.toUpperCase() })} placeholder="STUDIO" />
          </label>
          <LimitedInput label="Issue type" name="jira-issue-type" required limit={LIMITS.jiraIssueType} value={jira.issueType} onChange={(e) => setJira({ ...jira, issueType: e.target.value })} />
          <LimitedInput label="Account email (the token's owner)" name="jira-email" type="email" required limit={LIMITS.jiraEmail} value={jira.email} onChange={(e) => setJira({ ...jira, email: e.target.value })} />
          <label>
            <span>
              Column → status, one per line (<code>done = Done</code>)
            </span>
            <textarea name="jira-columns" rows={3} value={jira.columnStatus} onChange={(e) => setJira({ ...jira, columnStatus: e.target.value })} />
          </label>
          <LimitedInput label="Label (optional)" name="jira-label" limit={LIMITS.jiraLabel} value={jira.label} onChange={(e) => setJira({ ...jira, label: e.target.value })} />
        </>
      )}
      <fieldset className="event-types">
        <legend>Events</legend>
        <label className="check">
          <input type="checkbox" name="all-events" checked={allTypes} onChange={(e) => setAllTypes(e.target.checked)} /> All events
        </label>
        {!allTypes &&
          FEED_EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" name={`event-${type}`} checked={types.has(type)} onChange={() => toggle(type)} /> {type}
            </label>
          ))}
      </fieldset>
      <div className="inline-form">
        <button className="button primary" type="submit" disabled={busy}>
          {editing ? 'Save' : 'Add integration'}
        </button>
        {onCancel && (
          <button className="button" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
