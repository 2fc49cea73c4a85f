import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

/** Names come from the person: an invitation does not make one up, and a sign-in never overwrites one the person chose. */
describe.each(BACKENDS)('display names: %s', (kind) => {
  const h = harness(kind);

  const members = async () => (await h.api.call<{ email: string; name: string }[]>('GET', `/api/projects/${h.projectId}/members`, { token: h.owner.accessToken })).body.data;

  it('an invited member shows as their email until they sign in with a name, which then stays theirs', async () => {
    const email = `invitee-${randomUUID()}@example.com`;
    const added = await h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/members`, { token: h.owner.accessToken, body: { email, role: 'editor' } });
    expect(added.status).toBe(201);
    expect(added.body.data.name).toBe(email);

    // A sign-in without a name leaves the invitation's.
    await h.api.signIn(email);
    expect((await members()).find((member) => member.email === email)?.name).toBe(email);
    const named = await h.api.signIn(email, 'Bea Invited');
    expect((await members()).find((member) => member.email === email)?.name).toBe('Bea Invited');
    // Later sign-ins bring other names (another device's form): the chosen one stays.
    await h.api.signIn(email, 'Somebody Else');
    expect((await members()).find((member) => member.email === email)?.name).toBe('Bea Invited');
    // The person changes it through their profile.
    const renamed = await h.api.call<{ name: string }>('PUT', '/auth/user/profile', { token: named.accessToken, body: { name: 'Bea' } });
    expect([renamed.status, renamed.body.data.name]).toEqual([200, 'Bea']);
    await h.api.signIn(email, 'Not Bea');
    expect((await members()).find((member) => member.email === email)?.name).toBe('Bea');
  });

  it('someone who signs up with a name keeps it when invited to another project later', async () => {
    const email = `early-${randomUUID()}@example.com`;
    await h.api.signIn(email, 'Early Bird');
    const added = await h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/members`, { token: h.owner.accessToken, body: { email, role: 'viewer' } });
    expect(added.body.data.name).toBe('Early Bird');
  });
});
