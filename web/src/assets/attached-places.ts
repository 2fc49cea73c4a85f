import { api } from '../api.js';
import type { AssetLink } from './types.js';

/** Where a file is attached, named for people: the item's title on its pipeline, and the pipeline's address. */
export interface AttachedPlace {
  key: string;
  itemTitle: string;
  pipelineTitle: string;
  documentName: string;
}

/** The links a 409 ASSET_IN_USE lists, or none when its details are not that shape. */
export function linksOf(details: unknown): AssetLink[] {
  if (typeof details !== 'object' || details === null || !('links' in details) || !Array.isArray(details.links)) return [];
  return details.links.filter((link): link is AssetLink => typeof link === 'object' && link !== null && typeof link.pipelineId === 'string' && typeof link.ownerId === 'string' && typeof link.entryId === 'string');
}

async function titleOr(path: string, fallback: string): Promise<string> {
  try {
    return (await api<{ title: string }>('GET', path)).data.title || fallback;
  } catch {
    return fallback;
  }
}

/**
 * Names each link: an item is a video or a campaign (the link does not say which, so a video is
 * tried first); a title that cannot be read stays a plain description rather than stopping the question.
 */
export async function describePlaces(projectId: string, links: AssetLink[]): Promise<AttachedPlace[]> {
  const pipelines = new Map<string, Promise<string>>();
  const pipelineTitle = (pipelineId: string) => {
    let title = pipelines.get(pipelineId);
    if (!title) {
      title = titleOr(`/api/projects/${encodeURIComponent(projectId)}/documents/${encodeURIComponent(pipelineId)}`, 'a pipeline');
      pipelines.set(pipelineId, title);
    }
    return title;
  };
  return Promise.all(
    links.map(async (link) => {
      const video = await titleOr(`/api/video/${encodeURIComponent(link.ownerId)}`, '');
      const itemTitle = video || (await titleOr(`/api/campaigns/${encodeURIComponent(link.ownerId)}`, 'an item'));
      return { key: link.entryId, itemTitle, pipelineTitle: await pipelineTitle(link.pipelineId), documentName: `pipeline:${projectId}:${link.pipelineId}` };
    }),
  );
}
