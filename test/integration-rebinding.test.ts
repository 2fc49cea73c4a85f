import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../platform/secrets.js';
import { insertIntegration } from '../storage/integrations.js';
import { harness } from './helpers/collab-harness.js';
import { startFakeDiscord } from './helpers/fake-discord.js';

const SECRETS_KEY = 'rebinding-test-secrets-key-0123456789abcdef';
const POLL = { timeout: 20_000, interval: 100 };

/**
 * An integration's host is checked when it is saved and again at every connection: a name that
 * passed and later resolves inside our network (DNS rebinding) is never called. Here the stored
 * URL names `localhost`, as a rebound name would resolve, on a server that allows no private URLs.
 */
describe('a webhook whose host now leads inside the network', () => {
  const h = harness('pglite', { WORKER_POLL_INTERVAL_MS: '500', SECRETS_KEY, INTEGRATIONS_ALLOW_PRIVATE_URLS: 'false' });

  it('is never called: the integration breaks and its admins are told', async () => {
    const discord = await startFakeDiscord();
    try {
      const boardName = await h.createBoard('Rebound');
      const rebound = discord.webhookUrl().replace('127.0.0.1', 'localhost');
      // Stored as if it had passed the checks when saved (it resolved to a public address then).
      const integration = await insertIntegration(h.app.db, { projectId: h.projectId, kind: 'discord', name: 'Rebound chat', settings: {}, sealedSecret: createSecretBox(SECRETS_KEY).seal(rebound), eventTypes: [] });
      const created = await h.api.call('POST', '/api/tasks', { token: h.owner.accessToken, body: { projectId: h.projectId, boardId: boardName.split(':')[2], title: 'Anything' } });
      expect(created.status).toBe(201);

      const status = async () => (await h.app.db.query<{ status: string; broken_reason: string | null }>('SELECT status, broken_reason FROM integrations WHERE id = $1', [integration.id])).rows[0]!;
      await expect.poll(async () => (await status()).status, POLL).toBe('broken');
      expect((await status()).broken_reason).toContain('private');
      await expect.poll(async () => (await h.app.db.query<{ status: string }>('SELECT status FROM deliveries WHERE destination = $1', [integration.id])).rows.map((row) => row.status), POLL).toEqual(['dead']);
      expect(discord.requests).toEqual([]);
      const told = await h.api.call<{ items: { event: { type: string; data: { integrationId?: string } } }[] }>('GET', '/api/notifications', { token: h.owner.accessToken });
      expect(told.body.data.items.filter((n) => n.event.type === 'integration.broken').map((n) => n.event.data.integrationId)).toEqual([integration.id]);
    } finally {
      await discord.close();
    }
  });
});
