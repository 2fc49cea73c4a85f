import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Reply } from './client.js';
import type { Harness } from './collab-harness.js';

export interface Item {
  id: string;
  projectId: string;
  pipelineId: string;
  itemId: string;
  type: 'campaign' | 'video';
  title: string;
  stage: string;
  brief: string;
  assigneeId: string | null;
  dueDate: string | null;
  campaignId?: string | null;
  scriptDocument: string | null;
  missing: { id: string; description: string }[];
  etag: string;
}

export interface Asset {
  id: string;
  assetId: string;
  itemId: string;
  ownerId: string;
  ownerType: 'campaign' | 'video';
  kind: string;
  name: string;
  url: string;
  addedBy: string;
}

export interface Pipeline {
  stages: { stage: string; requirements: { id: string }[]; videos: (Item & { assets: Asset[]; feedback: { open: number; resolved: number } })[] }[];
}

export interface Status {
  stage: string;
  missing: { id: string }[];
  next: { stage: string; missing: { id: string }[] } | null;
  assigneeId: string | null;
  dueDate: string | null;
  assets: number;
  feedback: { open: number; resolved: number };
  etag: string;
}

export function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

type CallOptions = Parameters<Harness['api']['call']>[2];

/**
 * The owner's calls and the pipeline, video and campaign factories for one suite's harness. They
 * read `h` when called, not now: the harness fills it in its beforeAll.
 */
export function pipelineRest(h: Harness) {
  const call = <T>(method: string, path: string, options: CallOptions = {}) => h.api.call<T>(method, path, { token: h.owner.accessToken, ...options });

  async function newPipeline(projectId = h.projectId, token = h.owner.accessToken) {
    const created = await h.api.call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token, body: { kind: 'pipeline', title: `Pipeline ${randomUUID().slice(0, 6)}` } });
    expect(created.status).toBe(201);
    return { name: created.body.data.name, pipelineId: created.body.data.name.split(':')[2]! };
  }

  const newVideo = async (pipelineId: string, body: Record<string, unknown> = {}) => {
    const reply = await call<Item>('POST', '/api/video', { body: { projectId: h.projectId, pipelineId, title: 'Teaser', ...body } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.data;
  };
  const newCampaign = async (pipelineId: string, body: Record<string, unknown> = {}) => {
    const reply = await call<Item>('POST', '/api/campaigns', { body: { projectId: h.projectId, pipelineId, title: 'Winter', ...body } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.data;
  };

  return { call, newPipeline, newVideo, newCampaign };
}
