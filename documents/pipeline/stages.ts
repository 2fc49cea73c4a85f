import type { AssetEntry, FeedbackEntry, ItemEntry, Stage } from './schema.js';

export interface Related {
  assets: readonly AssetEntry[];
  feedback: readonly FeedbackEntry[];
}

export interface Requirement {
  id: string;
  description: string;
  met(item: ItemEntry, related: Related): boolean;
}

const hasTitle: Requirement = { id: 'title', description: 'a title', met: (item) => item.title.trim().length > 0 };
const hasScript: Requirement = { id: 'script', description: 'a brief or a linked script', met: (item) => item.brief.trim().length > 0 || item.scriptDocument !== null };
const hasAssignee: Requirement = { id: 'assignee', description: 'an assignee', met: (item) => item.assigneeId !== null };
const hasReference: Requirement = {
  id: 'reference-asset',
  description: 'a reference video or link to mirror',
  met: (_item, related) => related.assets.some((asset) => asset.kind === 'video' || asset.kind === 'url'),
};
const hasDueDate: Requirement = { id: 'due-date', description: 'a due date', met: (item) => item.dueDate !== null };
const hasCut: Requirement = { id: 'video-asset', description: 'an uploaded video to review', met: (_item, related) => related.assets.some((asset) => asset.kind === 'video') };

/**
 * What an item needs to enter each stage: one table, read by the UI (to show what is missing
 * on a card) and by anything that wants to refuse a move. Later stages keep the earlier needs.
 */
export const STAGE_REQUIREMENTS: Record<Stage, readonly Requirement[]> = {
  idea: [hasTitle],
  script: [hasTitle, hasScript],
  'body-mirroring': [hasTitle, hasScript, hasAssignee, hasReference],
  production: [hasTitle, hasScript, hasAssignee, hasReference, hasDueDate],
  review: [hasTitle, hasScript, hasAssignee, hasReference, hasDueDate, hasCut],
};

export function unmetRequirements(stage: Stage, item: ItemEntry, related: Related): { id: string; description: string }[] {
  return STAGE_REQUIREMENTS[stage].filter((requirement) => !requirement.met(item, related)).map(({ id, description }) => ({ id, description }));
}
