import type { Config } from '../../../platform/config.js';
import type { Queryable } from '../../../platform/db/database.js';
import type { SecretBox } from '../../../platform/secrets.js';
import { actorNames, nameOf } from '../../../storage/actor-names.js';
import { getEntry } from '../../../storage/entry-queries.js';
import type { Channel, Outgoing, SendOutcome } from '../channel.js';
import { adfDoc } from './jira-adf.js';
import { JIRA_TIMEOUT_MS, type JiraFailure, isJiraFailure, issueStatus, listTransitions, transitionIssue } from './jira-client.js';
import { type IssueSource, ensureIssue, issueOf } from './jira-issues.js';
import { requestIssueFields, taskIssueFields } from './jira-issue-fields.js';
import { type JiraTarget, jiraTargetOf } from './jira-settings.js';

export interface JiraChannelOptions {
  secrets: SecretBox;
  /** Where people open things, for the link back in each issue. */
  publicUrl: () => string;
  maxAttempts: number;
  /** JIRA_CREATE_SETTLE_MS: how long an in-doubt create waits before its retry searches. */
  createSettleMs: number;
  /** INTEGRATIONS_ALLOW_PRIVATE_URLS: lets a site be http:// or a private address (local fakes). */
  allowPrivateUrls: boolean;
  /** DELIVERY_IN_DOUBT_AFTER_MS, raised to well above one event's calls (a few, each with its timeout). */
  inDoubtAfterMs: number;
}

/** The JIRA channel's options from the process's configuration. */
export function jiraOptions(deps: { config: Config; secrets: SecretBox; publicUrl?: () => string }): JiraChannelOptions {
  const { config } = deps;
  return {
    secrets: deps.secrets,
    publicUrl: deps.publicUrl ?? (() => config.publicUrl ?? `http://${config.host}:${config.port}`),
    maxAttempts: config.jira.maxAttempts,
    createSettleMs: config.jira.createSettleMs,
    allowPrivateUrls: config.integrations.allowPrivateUrls,
    inDoubtAfterMs: Math.max(config.deliveries.inDoubtAfterMs, 4 * JIRA_TIMEOUT_MS),
  };
}

type Done = { ok: true; ref?: string };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const documentNameOf = ({ event }: Outgoing) => `${event.kind}:${event.projectId}:${event.documentId}`;

/** Whether a card carries the label that marks it for JIRA (as the board has it now). */
async function markedForJira(db: Queryable, item: Outgoing, label: string): Promise<{ title: string; description: string } | null> {
  const card = await getEntry(db, documentNameOf(item), 'cards', item.event.itemId.split('.')[2] ?? '');
  const labels = Array.isArray(card?.data.labels) ? card.data.labels : [];
  if (!card || !labels.some((l) => typeof l === 'string' && same(l, label))) return null;
  return { title: String(card.data.title ?? ''), description: String(card.data.description ?? '') };
}

/**
 * The JIRA channel: a task marked for JIRA (a card labelled `jira`, or the integration's
 * `label`) and each new request become an issue; a card's move transitions its issue to the
 * status its new column maps to. One event per send (maxBatch 1): each is its own JIRA call, and
 * `SendOutcome` has no partial success, so a failure must never make earlier events of the
 * same batch be redone.
 */
export function createJiraChannel(options: JiraChannelOptions): Channel {
  async function create(db: Queryable, target: JiraTarget, source: IssueSource, fields: () => Promise<Record<string, unknown>>): Promise<Done | JiraFailure> {
    const issue = await ensureIssue(db, target, source, fields, options.createSettleMs);
    return isJiraFailure(issue) ? issue : { ok: true, ref: issue.key };
  }

  /**
   * A card moved: its issue goes to the status of the new column (by the column's id, then its
   * title). A column with no status, or a card not marked for JIRA, is a no-op (delivered, no
   * call). A marked card without an issue yet (marked after it was created, or made before the
   * integration existed) gets one now: the label is the team's word that it belongs in JIRA, and
   * its first move is the first moment we hear of it. Already in that status (a retry after a
   * transition whose answer was lost): nothing more is done.
   */
  async function move(db: Queryable, target: JiraTarget, item: Outgoing): Promise<Done | JiraFailure> {
    const to = typeof item.event.data.to === 'string' ? item.event.data.to : '';
    const column = await getEntry(db, documentNameOf(item), 'columns', to);
    const columnTitle = typeof column?.data.title === 'string' ? column.data.title : to;
    const mapped = Object.entries(target.settings.columnStatus).find(([key]) => key === to) ?? Object.entries(target.settings.columnStatus).find(([key]) => same(key, columnTitle));
    if (!mapped) return { ok: true };
    const status = mapped[1];
    const source: IssueSource = `task:${item.event.itemId}`;
    let key = await issueOf(db, target, source);
    if (!key) {
      const card = await markedForJira(db, item, target.settings.label);
      if (!card) return { ok: true };
      const issue = await ensureIssue(db, target, source, () => taskIssueFields(db, target, item, card, options.publicUrl()), options.createSettleMs);
      if (isJiraFailure(issue)) return issue;
      key = issue.key;
    }
    const current = await issueStatus(target, key);
    if (isJiraFailure(current)) return current;
    if (same(current, status)) return { ok: true, ref: key };
    const transitions = await listTransitions(target, key);
    if (isJiraFailure(transitions)) return transitions;
    const transition = transitions.find((t) => same(t.to.name, status)) ?? transitions.find((t) => same(t.name, status));
    if (!transition) return { ok: false, error: `JIRA offers ${key} no transition from ${current} to ${status}`, permanent: true };
    const actor = nameOf(await actorNames(db, [item.event.actor]), item.event.actor);
    const done = await transitionIssue(target, key, transition.id, adfDoc([[{ text: `Moved to ${columnTitle} in Studio by ` }, { text: actor, strong: true }, { text: '.' }]]));
    return isJiraFailure(done) ? done : { ok: true, ref: key };
  }

  async function deliver(db: Queryable, target: JiraTarget, item: Outgoing): Promise<Done | JiraFailure> {
    switch (item.event.type) {
      case 'task.created': {
        const card = await markedForJira(db, item, target.settings.label);
        if (!card) return { ok: true };
        return create(db, target, `task:${item.event.itemId}`, () => taskIssueFields(db, target, item, card, options.publicUrl()));
      }
      case 'task.moved':
        return move(db, target, item);
      case 'request.created':
        return create(db, target, `request:${item.event.itemId}`, async () => requestIssueFields(target, item, options.publicUrl()));
      default:
        // Other events an integration that takes everything receives: nothing to do in JIRA.
        return { ok: true };
    }
  }

  return {
    kind: 'jira',
    batchWindowMs: 0,
    maxBatch: 1,
    maxAttempts: options.maxAttempts,
    inDoubtAfterMs: options.inDoubtAfterMs,
    async send(destination, batch, { db }): Promise<SendOutcome> {
      const target = await jiraTargetOf(db, options.secrets, destination, options.allowPrivateUrls);
      if ('ok' in target) return target;
      const refs = new Map<string, string>();
      for (const item of batch) {
        const outcome = await deliver(db, target, item);
        if (!outcome.ok) {
          // Whether the call may have happened is this channel's own concern (see jira-issues.ts).
          const { inDoubt: _inDoubt, ...failure } = outcome;
          return failure;
        }
        if (outcome.ref) refs.set(item.delivery.id, outcome.ref);
      }
      return { ok: true, refs };
    },
  };
}
