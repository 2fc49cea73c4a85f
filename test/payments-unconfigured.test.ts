import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers/collab-harness.js';

describe('payments without Stripe configured', () => {
  const h = harness('pglite');
  it('answers 503 PAYMENTS_NOT_CONFIGURED for what needs Stripe, and lists what is stored', async () => {
    const setup = await h.api.call('POST', '/api/payments/methods', { token: h.owner.accessToken, body: { projectId: h.projectId } });
    expect(setup.status).toBe(503);
    expect(setup.body.error?.code).toBe('PAYMENTS_NOT_CONFIGURED');
    const paid = await h.api.call('POST', '/api/payments/process', { token: h.owner.accessToken, body: { projectId: h.projectId, amountMinor: 100, currency: 'eur' }, headers: { 'idempotency-key': randomUUID() } });
    expect(paid.status).toBe(503);
    const hook = await fetch(`${h.app.url}/api/payments/webhook`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=0' }, body: '{}' });
    expect(hook.status).toBe(503);
    const listed = await h.api.call('GET', `/api/payments/methods?projectId=${h.projectId}`, { token: h.owner.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
  });
});
