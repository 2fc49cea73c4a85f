import { api } from '../api.js';
import { href } from '../router.js';
import type { AssetLink } from './types.js';

/** Where a file is attached, named for people: the item, card or request, and where it lives (with its address). */
export interface AttachedPlace {
  key: string;
  kind: AssetLink['kind'];
  title: string;
  /** "the Launch pipeline", "the Sprint board", "requests". */
  placeTitle: string;
  placeHref: string;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** The links a 409 ASSET_IN_USE lists, or none when its details are not that shape (a link without a kind is a pipeline item, as older servers said). */
export function linksOf(details: unknown): AssetLink[] {
  if (typeof details !== 'object' || details === null || !('links' in details) || !Array.isArray(details.links)) return [];
  return details.links.flatMap((raw: unknown): AssetLink[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const link = raw as Record<string, unknown>;
    const kind = link.kind ?? 'pipeline-item';
    if (kind === 'pipeline-item' && isString(link.pipelineId) && isString(link.ownerId) && isString(link.entryId)) return [{ kind, pipelineId: link.pipelineId, ownerId: link.ownerId, entryId: link.entryId }];
    if (kind === 'card' && isString(link.boardId) && isString(link.taskId) && isString(link.title)) return [{ kind, boardId: link.boardId, taskId: link.taskId, title: link.title }];
    if (kind === 'request' && isString(link.requestId) && isString(link.title)) return [{ kind, requestId: link.requestId, title: link.title }];
    return [];
  });
}

async function titleOr(path: string, fallback: string): Promise<string> {
  try {
    return (await api<{ title: string }>('GET', path)).data.title || fallback;
  } catch {
    return fallback;
  }
}

/**
 * Names each link: a pipeline item is a video or a campaign (the link does not say which, so a
 * video is tried first); documents' titles are read once each; a title that cannot be read stays a
 * plain description rather than stopping the question.
 */
export async function describePlaces(projectId: string, links: AssetLink[]): Promise<AttachedPlace[]> {
  const documents = new Map<string, Promise<string>>();
  const documentTitle = (documentId: string, fallback: string) => {
    let title = documents.get(documentId);
    if (!title) {
      title = titleOr(`/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(documentId)}`, fallback);
      documents.set(documentId, title);
    }
    return title;
  };
  return Promise.all(
    links.map(async (link): Promise<AttachedPlace> => {
      switch (link.kind) {
        case 'pipeline-item': {
          const video = await titleOr(`/api/video/${encodeURIComponent(link.ownerId)}`, '');
          const title = video || (await titleOr(`/api/campaigns/${encodeURIComponent(link.ownerId)}`, 'an item'));
          return { key: `item:${link.entryId}`, kind: link.kind, title, placeTitle: await documentTitle(link.pipelineId, 'a pipeline'), placeHref: href.document(`pipeline:${projectId}:${link.pipelineId}`) };
        }
        case 'card':
          return { key: `card:${link.taskId}`, kind: link.kind, title: link.title || 'Untitled card', placeTitle: await documentTitle(link.boardId, 'a board'), placeHref: href.document(`kanban:${projectId}:${link.boardId}`) };
        case 'request':
          return { key: `request:${link.requestId}`, kind: link.kind, title: link.title, placeTitle: 'requests', placeHref: href.requests(projectId, link.requestId) };
      }
    }),
  );
}
