import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Outgoing } from '../operations/deliveries/channel.js';
import { MAX_LINES, renderEmail } from '../operations/deliveries/channels/email-message.js';
import type { EventNames } from '../operations/deliveries/channels/event-names.js';
import { createSmtpTransport, smtpFailure } from '../operations/deliveries/channels/email-smtp.js';
import { digestDueAt } from '../operations/deliveries/email-digest.js';
import { parseConfig } from '../platform/config.js';
import { NO_PREFERENCES, channelsFor, effectiveChannels, readStoredChoices } from '../operations/notifications/preferences.js';

const PROJECT = '11111111-1111-4111-8111-111111111111';
const ADA = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const BEA = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const names: EventNames = {
  actor: (actor) => (actor === `user:${ADA}` ? 'Ada <Lovelace>' : 'Someone'),
  person: (id) => (id === ADA ? 'Ada <Lovelace>' : id === BEA ? 'Bea' : 'someone'),
  document: (name) => (name.endsWith(':launch') ? 'Launch & "board"' : 'Other board'),
  project: () => 'Studio',
  entry: (_name, collection, id) => (collection === 'columns' ? { todo: 'To do', review: 'Review' }[id] ?? null : null),
};

let n = 0;
function item(type: string, data: Record<string, unknown>, documentId = 'launch'): Outgoing {
  n++;
  return {
    delivery: { id: `d${n}` } as Outgoing['delivery'],
    event: {
      id: `e${n}`,
      type: type as Outgoing['event']['type'],
      projectId: PROJECT,
      kind: 'kanban',
      documentId,
      itemId: `${PROJECT}.${documentId}.c${n}`,
      actor: `user:${ADA}`,
      data,
      occurredAt: '2026-12-01T10:04:00.000Z',
    },
  };
}

const render = (batch: Outgoing[]) => renderEmail({ recipient: { id: BEA, name: 'Bea' }, batch, names, publicUrl: 'https://studio.example/' });

describe('the notification email', () => {
  it('says one event in one sentence, to "you", naming the actor and linking the board; people’s text is escaped in HTML', () => {
    const mail = render([item('task.assigned', { title: 'Teaser <script>alert(1)</script>', assignee: BEA })]);
    expect(mail.subject).toBe('Ada <Lovelace> assigned you to “Teaser <script>alert(1)</script>”');
    const link = `https://studio.example/#/d/${encodeURIComponent(`kanban:${PROJECT}:launch`)}`;
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('Ada <Lovelace> assigned you to “Teaser <script>alert(1)</script>” (2026-12-01 10:04 UTC)');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Ada &lt;Lovelace&gt; assigned you to <strong>Teaser &lt;script&gt;alert(1)&lt;/script&gt;</strong>');
    expect(mail.html).toContain('Launch &amp; &quot;board&quot;');
    expect(mail.html).not.toContain('<script>');
  });

  it('keeps the subject to one line whatever the title holds', () => {
    const mail = render([item('task.assigned', { title: 'Line one\r\nBcc: victim@example.com', assignee: BEA })]);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('gathers a batch into one digest grouped by document, counting what does not fit', () => {
    const batch = [
      item('task.moved', { title: 'One', from: 'todo', to: 'review' }),
      item('task.commented', { body: 'Looks good' }),
      item('task.assigned', { title: 'Two', assignee: ADA }),
      item('event.conflicting', { title: 'Shoot', start: '2026-12-02T09:00:00+01:00', with: { eventId: 'x', title: 'Edit' }, reasons: ['assignee'] }, 'other'),
    ];
    const mail = render(batch);
    expect(mail.subject).toBe('4 updates in Studio');
    expect(mail.text).toContain('Ada <Lovelace> moved “One” from To do to Review');
    expect(mail.text).toContain('Ada <Lovelace> commented on “an untitled item”: “Looks good”');
    expect(mail.text).toContain('Ada <Lovelace> assigned “Two” to Ada <Lovelace>');
    expect(mail.text).toContain('made “Shoot” clash with “Edit” (same assignee) at 2026-12-02 08:00 UTC');
    expect(mail.text.indexOf('Launch & "board" · Studio')).toBeLessThan(mail.text.indexOf('Other board · Studio'));

    const many = Array.from({ length: MAX_LINES + 7 }, (_, i) => item('task.moved', { title: `Card ${i}`, from: 'todo', to: 'review' }));
    const digest = render(many);
    expect(digest.subject).toBe(`${MAX_LINES + 7} updates on Launch & "board" · Studio`);
    expect(digest.text.match(/ {2}• /g)).toHaveLength(MAX_LINES);
    expect(digest.text).toContain('… and 7 more changes');
  });

  it('links an event outside documents to its own page, and never to an address the event carries', () => {
    const request = item('request.created', { title: 'New logo', linkPath: `/#/p/${PROJECT}/requests/r1` });
    request.event.documentId = null;
    expect(render([request]).text).toContain(`https://studio.example/#/p/${PROJECT}/requests/r1`);
    const hostile = item('request.created', { title: 'x', linkPath: '//evil.example/' });
    hostile.event.documentId = null;
    expect(render([hostile]).text).not.toContain('evil.example');
  });
});

describe('SMTP failures', () => {
  it('4xx is retried, 5xx is permanent (but 503), and a refused login or no reply at all is retried; addresses are not kept', () => {
    expect(smtpFailure({ responseCode: 451, response: '451 4.7.1 Greylisted, try again' })).toEqual({ ok: false, error: 'SMTP 451: 451 4.7.1 Greylisted, try again' });
    expect(smtpFailure({ responseCode: 550, response: '550 5.1.1 <bea@example.com>: Recipient address rejected' })).toEqual({
      ok: false,
      error: 'SMTP 550: 550 5.1.1 <address>: Recipient address rejected',
      permanent: true,
    });
    expect(smtpFailure({ responseCode: 503, response: '503 Bad sequence' }).permanent).toBeUndefined();
    expect(smtpFailure({ responseCode: 535, code: 'EAUTH', response: '535 Authentication failed' }).permanent).toBeUndefined();
    expect(smtpFailure(new Error('boom')).permanent).toBeUndefined();
  });

  it('a server that refuses the connection is a failure to retry', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const transport = createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, tlsRejectUnauthorized: true });
    const error = await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );
    transport.close();
    const outcome = smtpFailure(error);
    expect(outcome.permanent).toBeUndefined();
    expect(outcome.error).toMatch(/^SMTP E/);
  });
});

describe('digests', () => {
  it('puts events of one slot of a person’s digest on one due time, at most the digest away', () => {
    const first = new Date('2026-12-01T10:00:00.000Z');
    const due = digestDueAt(first, 30, BEA)!;
    expect(due.getTime()).toBeGreaterThanOrEqual(first.getTime());
    expect(due.getTime() - first.getTime()).toBeLessThanOrEqual(30 * 60_000);
    // Anything later in the same slot leaves with it; the next slot is 30 minutes on.
    expect(digestDueAt(new Date(due.getTime() - 1), 30, BEA)).toEqual(due);
    expect(digestDueAt(new Date(due.getTime() + 1), 30, BEA)!.getTime()).toBe(due.getTime() + 30 * 60_000);
    expect(digestDueAt(first, 0, BEA)).toBeUndefined();
  });
});

describe('preferences', () => {
  it('a type beats its group, a group beats the defaults; the defaults email only what asks something of you', () => {
    expect(channelsFor(NO_PREFERENCES, 'task.assigned')).toEqual(['inApp', 'email']);
    expect(channelsFor(NO_PREFERENCES, 'task.moved')).toEqual(['inApp']);
    expect(channelsFor(NO_PREFERENCES, 'request.created')).toEqual(['inApp', 'email']);
    const mine = { groups: { tasks: ['email' as const] }, types: { 'task.moved': [] }, emailDigestMinutes: null };
    expect(channelsFor(mine, 'task.moved')).toEqual([]);
    expect(channelsFor(mine, 'task.archived')).toEqual(['email']);
    expect(channelsFor(mine, 'event.scheduled')).toEqual(['inApp', 'email']);
    expect(Object.keys(effectiveChannels(mine))).toContain('event.conflicting');
  });

  it('reads stored choices leniently: types and channels this code does not know are dropped', () => {
    expect(readStoredChoices({ groups: { tasks: ['inApp', 'sms'], gone: ['inApp'] }, types: { 'task.exploded': ['email'], 'task.moved': 'email' } })).toEqual({ groups: { tasks: ['inApp'] }, types: {} });
    expect(readStoredChoices(null)).toEqual({ groups: {}, types: {} });
  });
});

describe('email configuration', () => {
  it('is off without SMTP_URL; with one, it takes the From, TLS, window and attempts settings; a URL that is not SMTP stops the process', () => {
    expect(parseConfig({ NODE_ENV: 'test', SMTP_URL: '' }).email).toBeUndefined();
    expect(parseConfig({ NODE_ENV: 'test', SMTP_URL: 'smtps://u:p@mail.example.com:465' }).email).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      from: 'Studio <notifications@localhost>',
      tlsRejectUnauthorized: true,
      batchWindowMs: 60_000,
      maxAttempts: 10,
    });
    expect(parseConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://relay:25', SMTP_TLS_REJECT_UNAUTHORIZED: 'false', EMAIL_BATCH_WINDOW_MS: '5000' }).email).toMatchObject({ tlsRejectUnauthorized: false, batchWindowMs: 5_000 });
    expect(() => parseConfig({ NODE_ENV: 'test', SMTP_URL: 'https://mail.example.com' })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => parseConfig({ NODE_ENV: 'test', EMAIL_DELIVERY_MAX_ATTEMPTS: '0' })).toThrow(/EMAIL_DELIVERY_MAX_ATTEMPTS/);
  });
});
