import { afterAll, describe, expect, it } from 'vitest';
import { addCard, updateCard } from '../documents/kanban/board.js';
import { createEmailChannel } from '../operations/deliveries/channels/email.js';
import { digestDueAt } from '../operations/deliveries/email-digest.js';
import { sendDue } from '../operations/deliveries/send-due.js';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { startFakeSmtp } from './helpers/fake-smtp.js';

const POLL = { timeout: 20_000, interval: 100 };
const BATCH_WINDOW_MS = 1_500;

// One SMTP fake for the file: every person has their own address, so tests read only their own mail.
const smtp = await startFakeSmtp();
afterAll(() => smtp.close());

interface DeliveryRow {
  destination: string;
  status: string;
  attempts: number;
  last_error: string | null;
  external_ref: string | null;
  not_before: Date;
}

describe.each(BACKENDS)('email notifications over SMTP: %s', (kind) => {
  const h = harness(kind, { WORKER_POLL_INTERVAL_MS: '500', SMTP_URL: smtp.url, SMTP_FROM: 'Studio <studio@example.test>', EMAIL_BATCH_WINDOW_MS: String(BATCH_WINDOW_MS) });

  /** A member of the harness's project with a display name. */
  async function person(name: string): Promise<SignedIn> {
    const signedIn = await h.api.signIn(undefined, name);
    const added = await h.api.call('POST', `/api/projects/${h.projectId}/members`, { token: h.owner.accessToken, body: { email: signedIn.email, role: 'editor' } });
    expect(added.status).toBe(201);
    return signedIn;
  }

  const inbox = async (who: SignedIn) => (await h.api.call<{ items: { event: { type: string } }[] }>('GET', '/api/notifications', { token: who.accessToken })).body.data.items.map((n) => n.event.type);
  const setPreferences = async (who: SignedIn, body: Record<string, unknown>) =>
    expect((await h.api.call('PUT', '/api/notifications/preferences', { token: who.accessToken, body: { projectId: h.projectId, ...body } })).status).toBe(200);
  const emailDeliveries = async (who: SignedIn) =>
    (await h.app.db.query<DeliveryRow>(`SELECT destination, status, attempts, last_error, external_ref, not_before FROM deliveries WHERE channel = 'email' AND destination = $1 ORDER BY created_at`, [`user:${who.userId}`])).rows;

  /**
   * A board with cards first given to a bystander, whose notifications show their creation has
   * been fanned out (recipients are read when an event is fanned out, so a card created and at
   * once reassigned could tell its new assignee of its creation too).
   */
  async function boardWithCards(title: string, cards: { id: string; title: string }[]) {
    const name = await h.createBoard(title);
    const bystander = await person('Bystander');
    const owner = h.open(name, h.owner.accessToken);
    await owner.synced;
    for (const card of cards) addCard(owner.doc, { ...card, columnId: 'todo', assignees: [bystander.userId] });
    await owner.saved.whenSaved();
    await expect.poll(async () => (await inbox(bystander)).length, POLL).toBe(cards.length);
    const assign = async (cardId: string, people: SignedIn[]) => {
      updateCard(owner.doc, cardId, { assignees: people.map((p) => p.userId) });
      await owner.saved.whenSaved();
    };
    return { name, assign };
  }

  it('assigning a card sends the assignee one email naming who did it and linking to the board, with nothing of anyone else’s', async () => {
    const bea = await person('Bea Assignee');
    const { name, assign } = await boardWithCards('Launch', [{ id: 'c1', title: 'Teaser <b>&</b>' }]);
    await assign('c1', [bea]);
    await expect.poll(() => smtp.to(bea.email).length, POLL).toBe(1);
    const [mail] = smtp.to(bea.email);
    expect(mail!.subject).toBe('Owner Person assigned you to “Teaser <b>&</b>”');
    expect(mail!.from).toBe('studio@example.test');
    expect(mail!.headers.get('to')).toContain('Bea Assignee');
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    const link = `${h.app.url}/#/d/${encodeURIComponent(name)}`;
    expect(mail!.text).toContain(link);
    expect(mail!.text).toContain('Hi Bea Assignee,');
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.html).toContain('<strong>Teaser &lt;b&gt;&amp;&lt;/b&gt;</strong>');
    expect(mail!.raw).not.toContain(h.owner.email);
    expect(smtp.logins).toContain('mailer');
    // Recorded just after the server took it.
    await expect.poll(async () => (await emailDeliveries(bea))[0], POLL).toMatchObject({ status: 'delivered', attempts: 1, external_ref: mail!.headers.get('message-id') });
    // In-app too, as always.
    expect(await inbox(bea)).toEqual(['task.assigned']);
  });

  it('events for one person within the batch window leave as one digest', async () => {
    const bea = await person('Bea Digest');
    const { assign } = await boardWithCards('Digest', [
      { id: 'd1', title: 'One' },
      { id: 'd2', title: 'Two' },
      { id: 'd3', title: 'Three' },
    ]);
    // Three commits, three fan-outs, well inside the window.
    for (const id of ['d1', 'd2', 'd3']) await assign(id, [bea]);
    await expect.poll(() => smtp.to(bea.email).length, POLL).toBe(1);
    const [mail] = smtp.to(bea.email);
    expect(mail!.subject).toBe('3 updates on Digest · Sync');
    for (const title of ['One', 'Two', 'Three']) expect(mail!.text).toContain(`Owner Person assigned you to “${title}”`);
    await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS + 1_000));
    expect(smtp.to(bea.email)).toHaveLength(1);
    await expect.poll(async () => (await emailDeliveries(bea)).map((d) => [d.status, d.external_ref]), POLL).toEqual(Array.from({ length: 3 }, () => ['delivered', mail!.headers.get('message-id')]));
  });

  it('a type turned off is not emailed (nor planned); turned off in-app, it is not in the inbox either', async () => {
    const silent = await person('Silent');
    const inAppOnly = await person('In-app only');
    const control = await person('Control');
    await setPreferences(silent, { types: { 'task.assigned': [] } });
    await setPreferences(inAppOnly, { groups: { tasks: ['inApp'] } });
    const { assign } = await boardWithCards('Quiet', [{ id: 'q', title: 'Quiet' }]);
    await assign('q', [silent, inAppOnly, control]);
    await expect.poll(() => smtp.to(control.email).length, POLL).toBe(1);
    await expect.poll(() => inbox(inAppOnly), POLL).toEqual(['task.assigned']);
    expect(await inbox(silent)).toEqual([]);
    expect(smtp.to(silent.email)).toEqual([]);
    expect(smtp.to(inAppOnly.email)).toEqual([]);
    expect(await emailDeliveries(silent)).toEqual([]);
    expect(await emailDeliveries(inAppOnly)).toEqual([]);
  });

  it('a temporary refusal (451) is retried: exactly one email arrives', async () => {
    const fay = await person('Fay Greylisted');
    smtp.script(fay.email, 451);
    const { assign } = await boardWithCards('Retry', [{ id: 'r', title: 'Retry' }]);
    await assign('r', [fay]);
    await expect.poll(() => smtp.to(fay.email).length, POLL).toBe(1);
    expect(smtp.attempts(fay.email)).toBe(2);
    await expect.poll(async () => (await emailDeliveries(fay))[0], POLL).toMatchObject({ status: 'delivered', attempts: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.to(fay.email)).toHaveLength(1);
  });

  it('a permanent refusal (550) is dead at once, and the error keeps no address', async () => {
    const gus = await person('Gus Bounced');
    smtp.script(gus.email, 550);
    const { assign } = await boardWithCards('Dead', [{ id: 'x', title: 'Dead' }]);
    await assign('x', [gus]);
    await expect.poll(async () => (await emailDeliveries(gus)).map((d) => d.status), POLL).toEqual(['dead']);
    const [delivery] = await emailDeliveries(gus);
    expect(delivery!.attempts).toBe(1);
    expect(delivery!.last_error).toMatch(/^SMTP 550/);
    expect(delivery!.last_error).not.toContain(gus.email);
    expect(smtp.to(gus.email)).toEqual([]);
  });

  it('a person without an email address gets no email planned', async () => {
    const hal = await person('Hal No Mail');
    await h.app.db.query(`UPDATE users SET email = '' WHERE id = $1`, [hal.userId]);
    const { assign } = await boardWithCards('No mail', [{ id: 'n', title: 'Nobody' }]);
    await assign('n', [hal]);
    await expect.poll(() => inbox(hal), POLL).toEqual(['task.assigned']);
    expect(await emailDeliveries(hal)).toEqual([]);
  });

  it('a digest waits for its slot, then goes as one email; what a person may no longer see is not sent', async () => {
    const ivy = await person('Ivy Digest');
    const jon = await person('Jon Leaves');
    await setPreferences(ivy, { emailDigestMinutes: 60 });
    await setPreferences(jon, { emailDigestMinutes: 60 });
    const { assign } = await boardWithCards('Slots', [
      { id: 's1', title: 'First' },
      { id: 's2', title: 'Second' },
    ]);
    await assign('s1', [ivy, jon]);
    await assign('s2', [ivy, jon]);
    await expect.poll(async () => (await emailDeliveries(ivy)).length, POLL).toBe(2);
    await expect.poll(async () => (await emailDeliveries(jon)).length, POLL).toBe(2);
    const { rows } = await h.app.db.query<{ occurred_at: Date }>(
      `SELECT e.occurred_at FROM document_events e JOIN deliveries d ON d.event_id = e.id WHERE d.destination = $1 ORDER BY e.seq LIMIT 1`,
      [`user:${ivy.userId}`],
    );
    const slot = digestDueAt(rows[0]!.occurred_at, 60, ivy.userId)!;
    const planned = await emailDeliveries(ivy);
    // Both in one slot (unless the second event crossed its end, a few milliseconds in an hour).
    expect(planned.map((d) => [d.status, d.not_before.getTime()])).toEqual([
      ['pending', slot.getTime()],
      ['pending', slot.getTime()],
    ]);
    await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS + 1_000));
    expect(smtp.to(ivy.email)).toEqual([]);

    // The slot comes (here: now), after Jon has left the project.
    expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/members/${jon.userId}`, { token: h.owner.accessToken })).status).toBe(200);
    await h.app.db.query(`UPDATE deliveries SET not_before = now() WHERE channel = 'email' AND destination = ANY($1::text[])`, [[`user:${ivy.userId}`, `user:${jon.userId}`]]);
    const channel = createEmailChannel({ smtpUrl: smtp.url, from: 'studio@example.test', tlsRejectUnauthorized: true, batchWindowMs: 0, maxAttempts: 3, inDoubtAfterMs: 120_000, publicUrl: () => h.app.url });
    expect((await sendDue(h.app.db, channel, `user:${ivy.userId}`)).sent).toBe(2);
    expect((await sendDue(h.app.db, channel, `user:${jon.userId}`)).sent).toBe(2);
    expect(smtp.to(ivy.email).map((mail) => mail.subject)).toEqual(['2 updates on Slots · Sync']);
    expect(smtp.to(jon.email)).toEqual([]);
    expect((await emailDeliveries(jon)).map((d) => [d.status, d.external_ref])).toEqual([
      ['delivered', 'not sent: no longer a member of the project'],
      ['delivered', 'not sent: no longer a member of the project'],
    ]);
  });
});
