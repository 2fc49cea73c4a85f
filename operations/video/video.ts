import type { ItemDetail, PipelineItem } from './pipeline-item.js';

/** A video as the REST API shows it; `campaignId` is its campaign's entry id (`itemId`), or null. */
export type Video = PipelineItem & { type: 'video' };
export type VideoDetail = ItemDetail<Video>;

export const asVideo = (item: PipelineItem): Video => item as Video;
