import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './helpers/databases.js';
import type { FakeStripe } from './helpers/fake-stripe.js';
import { paymentCalls, stripeHarness } from './helpers/payments.js';

describe.each(BACKENDS)('payments with Stripe (a local fake): %s', (kind) => {
  let stripe: FakeStripe;
  const h = stripeHarness(kind, (fakes) => ({ stripe } = fakes));

  const { api, db, as, webhookUrl, count, addCard } = paymentCalls(h, () => stripe);

  // A paid plan is charged to the default card, and the seats below count an editor next to the owner:
  // before the split into files, earlier tests had added both.
  beforeAll(async () => {
    await addCard('ok');
    await h.member('editor');
  });

  it('plans: subscribe, limits enforced (seats, storage), change, cancel at period end, ended by Stripe', async () => {
    const none = await api().call<{ plan: string; limits: { seats: number | null } }>('GET', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(none.body.data).toMatchObject({ plan: 'free', limits: { seats: null } });
    const unknown = await api().call('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'platinum' } });
    expect(unknown.status).toBe(422);

    // A double click (four, in fact, at once): one subscription at Stripe, and every answer 200.
    const [team, twin, ...others] = await Promise.all(
      [1, 2, 3, 4].map(() => api().call<{ plan: string; status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string; limits: { seats: number; storageBytes: number } }>('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'team' } })),
    );
    expect(team!.status, JSON.stringify(team!.body)).toBe(200);
    expect(twin!.status, JSON.stringify(twin!.body)).toBe(200);
    for (const other of others) expect(other.status, JSON.stringify(other.body)).toBe(200);
    const customer = (await db().query<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_accounts WHERE project_id = $1', [h.projectId])).rows[0]!.stripe_customer_id;
    expect(stripe.objectsOf('subscription').filter((sub) => sub.customer === customer)).toHaveLength(1);
    expect(team!.body.data).toMatchObject({ plan: 'team', status: 'active', cancelAtPeriodEnd: false, limits: { seats: 3, storageBytes: 1000 } });
    expect(Date.parse(team!.body.data.currentPeriodEnd)).toBeGreaterThan(Date.now());

    // Owner and the editor added earlier: one seat left of three.
    const third = await api().signIn();
    expect((await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: third.email, role: 'viewer' } })).status).toBe(201);
    const fourth = await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: `late-${randomUUID()}@example.com`, role: 'viewer' } });
    expect(fourth.status).toBe(402);
    expect(fourth.body.error?.code).toBe('PLAN_SEAT_LIMIT');
    const upload = await api().call('POST', `/api/projects/${h.projectId}/uploads`, { ...as(), body: { name: 'big.png', type: 'image/png', size: 2000 } });
    expect(upload.status).toBe(413);
    expect(upload.body.error?.code).toBe('ASSET_QUOTA_EXCEEDED');

    const studio = await api().call<{ plan: string; limits: { seats: number } }>('PUT', '/api/billing/subscription', { ...as(), body: { projectId: h.projectId, plan: 'studio' } });
    expect(studio.body.data).toMatchObject({ plan: 'studio', limits: { seats: 10 } });
    const subId = (await db().query<{ provider_subscription_id: string }>('SELECT provider_subscription_id FROM subscriptions WHERE project_id = $1', [h.projectId])).rows[0]!.provider_subscription_id;
    expect((stripe.object(subId)!.items as { data: { price: { id: string } }[] }).data[0]!.price.id).toBe('price_studio');
    expect((await api().call('POST', `/api/projects/${h.projectId}/members`, { ...as(), body: { email: `later-${randomUUID()}@example.com`, role: 'viewer' } })).status).toBe(201);

    const stale = stripe.event('customer.subscription.updated', subId);
    const cancelled = await api().call<{ plan: string; cancelAtPeriodEnd: boolean }>('DELETE', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(cancelled.body.data).toMatchObject({ plan: 'studio', cancelAtPeriodEnd: true });

    stripe.cancelNow(subId);
    expect((await stripe.sendWebhook(webhookUrl(), stripe.event('customer.subscription.deleted', subId))).status).toBe(200);
    // An older "updated" event arriving after the deletion: the state is fetched again, so it stays ended.
    expect((await stripe.sendWebhook(webhookUrl(), stale)).status).toBe(200);
    const ended = await api().call<{ plan: string; status: string }>('GET', `/api/billing/subscription?projectId=${h.projectId}`, as());
    expect(ended.body.data).toMatchObject({ plan: 'free', status: 'canceled' });
    // Each request is audited: the four team requests, studio, the cancellation.
    expect(await count(`SELECT 1 FROM audit_log WHERE project_id = $1 AND action IN ('billing.subscription_changed', 'billing.subscription_canceled')`, [h.projectId])).toBe(6);
  });
});
