/** Requests as the API presents them (rest/requests/schemas.ts). */
export const REQUEST_TYPES = [
  ['design-change', 'Design change'],
  ['user-research', 'User research'],
  ['dev-handoff', 'Dev handoff'],
  ['content-update', 'Content update'],
  ['report-user-pattern', 'User pattern report'],
] as const;
export const REQUEST_STATUSES = [
  ['open', 'Open'],
  ['in-progress', 'In progress'],
  ['in-review', 'In review'],
  ['done', 'Done'],
  ['declined', 'Declined'],
] as const;
export const REQUEST_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export interface Person {
  id: string;
  name: string;
}

export interface RequestView {
  id: string;
  projectId: string;
  type: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  requester: Person;
  assignee: Person | null;
  figma: { url: string; kind: string; fileKey: string; nodeId: string | null; title: string | null } | null;
  attachments: { url: string; title: string | null }[];
  version: number;
  allowedTransitions: string[];
  createdAt: string;
}

export interface RequestComment {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
}

export type RequestDetail = RequestView & { comments: { items: RequestComment[]; total: number } };

export interface Member {
  userId: string;
  email: string;
  name: string;
}

const label = (list: readonly (readonly [string, string])[], value: string) => list.find(([key]) => key === value)?.[1] ?? value;
export const typeLabel = (type: string) => label(REQUEST_TYPES, type);
export const statusLabel = (status: string) => label(REQUEST_STATUSES, status);

/** Links typed one per line (an optional title after a space): `https://… Brief`. */
export function parseAttachments(text: string): { url: string; title?: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url = '', ...title] = line.split(/\s+/);
      return title.length > 0 ? { url, title: title.join(' ') } : { url };
    });
}
