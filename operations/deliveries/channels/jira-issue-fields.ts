import type { Queryable } from '../../../platform/db/database.js';
import { actorNames, nameOf } from '../../../storage/actor-names.js';
import type { Outgoing } from '../channel.js';
import { type Span, adfDoc, oneLine, textParagraphs } from './jira-adf.js';
import type { JiraTarget } from './jira-settings.js';

const REQUEST_TYPE_NAMES: Record<string, string> = {
  'design-change': 'Design change',
  'user-research': 'User research',
  'dev-handoff': 'Dev handoff',
  'content-update': 'Content update',
  'report-user-pattern': 'User pattern report',
};

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');
/** Descriptions are bounded (JIRA takes 32k characters of text). */
const MAX_DESCRIPTION = 20_000;

function common(target: JiraTarget, summary: string, paragraphs: Span[][]): Record<string, unknown> {
  return { project: { key: target.settings.projectKey }, issuetype: { name: target.settings.issueType }, summary, description: adfDoc(paragraphs) };
}

/** A card's issue: its title and description as the board has them, who made it, a link to the board. */
export async function taskIssueFields(db: Queryable, target: JiraTarget, item: Outgoing, card: { title: string; description: string }, publicUrl: string): Promise<Record<string, unknown>> {
  const { event } = item;
  const actor = nameOf(await actorNames(db, [event.actor]), event.actor);
  const documentName = `${event.kind}:${event.projectId}:${event.documentId}`;
  const summary = oneLine(card.title || event.data.title) || 'Untitled card';
  return common(target, summary, [
    ...textParagraphs(card.description.slice(0, MAX_DESCRIPTION)),
    [{ text: 'Created in Studio by ' }, { text: actor, strong: true }, { text: ' · ' }, { text: 'Open the board', href: `${base(publicUrl)}/#/d/${encodeURIComponent(documentName)}` }],
  ]);
}

/** A request's issue, from its `request.created` event: what was asked, its Figma and attachment links, who asked, a link back. */
export function requestIssueFields(target: JiraTarget, item: Outgoing, publicUrl: string): Record<string, unknown> {
  const { data } = item.event;
  const type = REQUEST_TYPE_NAMES[str(data.requestType)] ?? 'Request';
  const figma = data.figma as { url?: unknown; title?: unknown } | null | undefined;
  const attachments = Array.isArray(data.attachments) ? (data.attachments as { url?: unknown; title?: unknown }[]) : [];
  const paragraphs: Span[][] = [
    ...textParagraphs(str(data.description).slice(0, MAX_DESCRIPTION)),
    ...(figma && str(figma.url) ? [[{ text: 'Figma: ' }, { text: str(figma.title) || str(figma.url), href: str(figma.url) }]] : []),
    ...attachments.filter((a) => str(a.url)).map((a) => [{ text: 'Attachment: ' }, { text: str(a.title) || str(a.url), href: str(a.url) }]),
    [
      { text: `${type} raised in Studio by ` },
      { text: str(data.requesterName) || 'someone', strong: true },
      { text: ` · priority ${str(data.priority) || 'medium'} · ` },
      { text: 'Open the request', href: `${base(publicUrl)}${str(data.linkPath)}` },
    ],
  ];
  return common(target, oneLine(`[${type}] ${str(data.title)}`) || `[${type}]`, paragraphs);
}
