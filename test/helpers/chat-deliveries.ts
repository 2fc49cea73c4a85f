import { expect } from 'vitest';
import type { Harness } from './collab-harness.js';

// What the Discord and Slack delivery suites share: the server's environment, a project with a board, an integration, its deliveries.

const SECRETS_KEY = 'chat-deliveries-test-key-0123456789abcdef';
export const PUBLIC_URL = 'http://studio.test';
export const POLL = { timeout: 30_000, interval: 100 };
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const ENV = {
  WORKER_POLL_INTERVAL_MS: '500',
  SECRETS_KEY,
  PUBLIC_URL,
  CHAT_DELIVERY_MAX_ATTEMPTS: '4',
  // Events gather 0.5 s instead of 2 s before a message.
  CHAT_BATCH_WINDOW_MS: '500',
  // Retries 0.25 s, 0.5 s, 1 s apart instead of 2, 4, 8 s.
  DELIVERY_BACKOFF_BASE_MS: '250',
  // The fakes listen on 127.0.0.1 over http.
  INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true',
  // One provider writes a thousand moves at once below.
  COLLAB_UPDATES_PER_SECOND: '100000',
  COLLAB_UPDATE_BURST: '100000',
};

export interface DeliveryRow {
  id: string;
  event_id: string;
  channel: string;
  status: string;
  attempts: number;
  external_ref: string | null;
  last_error: string | null;
}

/** A project of its own (so no other test's integration hears it) with one board. */
export async function projectWithBoard(h: Harness, title = 'Launch board') {
  const project = await h.api.call<{ id: string }>('POST', '/api/projects', { token: h.owner.accessToken, body: { name: `Chat ${title}` } });
  expect(project.status).toBe(201);
  const projectId = project.body.data.id;
  const board = await h.api.call<{ name: string; id: string }>('POST', `/api/projects/${projectId}/documents`, { token: h.owner.accessToken, body: { kind: 'kanban', title } });
  expect(board.status).toBe(201);
  return { projectId, name: board.body.data.name, boardId: board.body.data.name.split(':')[2]! };
}

/** An integration made through the integrations API (the webhook URL is sealed with the server's key). */
export async function integrate(h: Harness, projectId: string, kind: 'discord' | 'slack', url: string, eventTypes: string[] = ['task.moved']) {
  const created = await h.api.call<{ id: string; kind: string }>('POST', `/api/projects/${projectId}/integrations`, { token: h.owner.accessToken, body: { kind, name: `${kind} test`, secret: url, eventTypes } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.data;
}

export async function deliveriesOf(h: Harness, projectId: string): Promise<DeliveryRow[]> {
  const { rows } = await h.app.db.query<DeliveryRow>('SELECT id, event_id, channel, status, attempts, external_ref, last_error FROM deliveries WHERE project_id = $1 ORDER BY created_at, id', [projectId]);
  return rows;
}

export const moveOverRest = (h: Harness, token: string, taskId: string, toColumnId: string) => h.api.call('POST', '/api/tasks/move', { token, body: { taskId, toColumnId } });
