import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local HTTP fake of the parts of Stripe's API billing uses, for the official `stripe` library
 * (`new Stripe(key, { host, port, protocol: 'http' })`): form-encoded requests, JSON answers,
 * `Idempotency-Key` replays, list pagination, and signed webhooks sent to the app.
 *
 * Cards are made by the test: `card('ok')` succeeds, `card('decline')` is declined ("Your card was
 * declined."), `card('3ds')` needs 3-D Secure (`requires_action`) until `completeAction`.
 */

type Json = Record<string, unknown>;
export type CardKind = 'ok' | 'decline' | '3ds';

export interface FakeStripe {
  /** `http://127.0.0.1:<port>` for STRIPE_API_URL. */
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Every request: method, path, its Idempotency-Key. */
  requests: { method: string; path: string; idempotencyKey: string | undefined }[];
  /** True: every connection is dropped unanswered, as if Stripe were unreachable. */
  down: boolean;
  /** A card payment method as Stripe.js would make it in the browser (not attached to anyone yet). */
  card(kind: CardKind, details?: { brand?: string; last4?: string; expMonth?: number; expYear?: number }): string;
  /** What confirmSetup in the browser does: the setup intent gets the card, which is attached to its customer. */
  confirmSetup(setupIntentId: string, paymentMethodId: string): void;
  /** The customer finished 3-D Secure: the payment intent succeeds. */
  completeAction(paymentIntentId: string): void;
  /** Cancels a subscription now (as the dashboard would). */
  cancelNow(subscriptionId: string): void;
  object(id: string): Json | undefined;
  /** Every object of a kind (`subscription`, `payment_intent`…), oldest first. */
  objectsOf(kind: string): Json[];
  /** A Stripe event of `type` whose data is a copy of the object now (a webhook's snapshot). */
  event(type: string, objectId: string): Json;
  /** POSTs an event to `url` signed with the webhook secret (or `options.secret`), stamped `options.timestamp` (seconds). */
  sendWebhook(url: string, event: Json, options?: { secret?: string; timestamp?: number }): Promise<Response>;
  close(): Promise<void>;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** `a[b][0][c]=v` into nested objects (numeric keys stay keys: callers read `items['0']`). */
function parseForm(body: string): Json {
  const out: Json = {};
  for (const pair of body.split('&').filter(Boolean)) {
    const [rawKey, rawValue = ''] = pair.split('=');
    const key = decodeURIComponent(rawKey!.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    path.forEach((part, index) => {
      if (index === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return out;
}

const listOf = (value: unknown): Json[] => (value && typeof value === 'object' ? Object.values(value as Json).map((v) => v as Json) : []);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message));
  }
}
const missing = (id: string) => new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: '${id}'` });
const invalid = (message: string, param?: string) => new StripeFailure(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}) });

export async function startFakeStripe(options: { prices?: string[] } = {}): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(8).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const prices = new Set(options.prices ?? ['price_team', 'price_studio']);
  const objects = new Map<string, Json>();
  const cardKinds = new Map<string, CardKind>();
  const replies = new Map<string, { status: number; body: string }>();
  const requests: FakeStripe['requests'] = [];
  const signer = new Stripe('sk_test_signer');

  const get = (id: string, object: string) => {
    const found = objects.get(id);
    if (!found || found.object !== object) throw missing(id);
    return found;
  };
  const put = (value: Json) => (objects.set(String(value.id), value), value);

  function charge(intent: Json) {
    intent.status = 'succeeded';
    intent.next_action = null;
    intent.last_payment_error = null;
    intent.amount_received = intent.amount;
    const chargeId = newId('ch');
    intent.latest_charge = chargeId;
    put({ id: newId('txn'), object: 'balance_transaction', amount: intent.amount, currency: intent.currency, type: 'charge', source: chargeId, created: nowSeconds(), status: 'available', payment_intent: intent.id });
  }

  function subscription(customer: string, price: string, metadata: Json): Json {
    return {
      id: newId('sub'),
      object: 'subscription',
      customer,
      status: 'active',
      cancel_at_period_end: false,
      metadata,
      created: nowSeconds(),
      items: { object: 'list', data: [{ id: newId('si'), object: 'subscription_item', price: { id: price, object: 'price' }, current_period_end: nowSeconds() + 30 * 86_400 }], has_more: false, url: '/v1/subscription_items' },
    };
  }

  function list(object: string, query: URLSearchParams): Json {
    const gte = Number(query.get('created[gte]') ?? 0);
    const lt = Number(query.get('created[lt]') ?? Number.MAX_SAFE_INTEGER);
    const limit = Number(query.get('limit') ?? 10);
    const after = query.get('starting_after');
    let all = [...objects.values()].filter((o) => o.object === object && Number(o.created) >= gte && Number(o.created) < lt).reverse();
    if (after) all = all.slice(all.findIndex((o) => o.id === after) + 1);
    return { object: 'list', data: all.slice(0, limit), has_more: all.length > limit, url: `/v1/${object}s` };
  }

  function route(method: string, path: string, query: URLSearchParams, form: Json): Json {
    const parts = path.split('/').filter(Boolean).slice(1); // drop v1
    const [resource, id, action] = parts;
    switch (`${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`) {
      case 'POST customers':
        return put({ id: newId('cus'), object: 'customer', email: form.email ?? null, name: form.name ?? null, metadata: form.metadata ?? {}, created: nowSeconds() });
      case 'POST setup_intents': {
        get(String(form.customer), 'customer');
        const sid = newId('seti');
        return put({ id: sid, object: 'setup_intent', customer: form.customer, status: 'requires_payment_method', client_secret: `${sid}_secret_${randomBytes(6).toString('hex')}`, payment_method: null, usage: form.usage ?? 'off_session', metadata: form.metadata ?? {}, created: nowSeconds() });
      }
      case 'GET setup_intents/:id':
        return get(id!, 'setup_intent');
      case 'GET payment_methods/:id':
        return get(id!, 'payment_method');
      case 'POST payment_methods/:id/detach': {
        const pm = get(id!, 'payment_method');
        if (!pm.customer) throw invalid('The payment method is not attached to a customer.');
        pm.customer = null;
        return pm;
      }
      case 'POST payment_intents': {
        const amount = Number(form.amount);
        if (!Number.isInteger(amount) || amount < 1) throw invalid('Amount must be a positive integer.', 'amount');
        if (!/^[a-z]{3}$/.test(String(form.currency))) throw invalid('Invalid currency.', 'currency');
        const pmId = String(form.payment_method ?? '');
        const pm = get(pmId, 'payment_method');
        if (form.customer && pm.customer !== form.customer) throw invalid('The payment method does not belong to this customer.', 'payment_method');
        const pid = newId('pi');
        const intent = put({
          id: pid,
          object: 'payment_intent',
          amount,
          currency: form.currency,
          customer: form.customer ?? null,
          payment_method: pmId,
          description: form.description ?? null,
          metadata: form.metadata ?? {},
          status: 'requires_confirmation',
          client_secret: `${pid}_secret_${randomBytes(6).toString('hex')}`,
          next_action: null,
          last_payment_error: null,
          amount_received: 0,
          latest_charge: null,
          created: nowSeconds(),
        });
        if (form.confirm !== 'true') return intent;
        const kind = cardKinds.get(pmId) ?? 'ok';
        if (kind === 'ok') charge(intent);
        else if (kind === '3ds') {
          intent.status = 'requires_action';
          intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `https://hooks.stripe.com/3d_secure_2/${pid}` } };
        } else {
          intent.status = 'requires_payment_method';
          intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
          throw new StripeFailure(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: clone(intent) });
        }
        return intent;
      }
      case 'GET payment_intents':
        return list('payment_intent', query);
      case 'GET payment_intents/:id':
        return get(id!, 'payment_intent');
      case 'GET balance_transactions':
        return list('balance_transaction', query);
      case 'POST subscriptions': {
        get(String(form.customer), 'customer');
        const price = String(listOf(form.items)[0]?.price ?? '');
        if (!prices.has(price)) throw invalid(`No such price: '${price}'`, 'items[0][price]');
        return put(subscription(String(form.customer), price, (form.metadata as Json) ?? {}));
      }
      case 'GET subscriptions/:id':
        return get(id!, 'subscription');
      case 'POST subscriptions/:id': {
        const sub = get(id!, 'subscription');
        if (sub.status === 'canceled') throw invalid('A canceled subscription can not be updated.');
        const item = listOf(form.items)[0];
        if (item?.price) {
          if (!prices.has(String(item.price))) throw invalid(`No such price: '${String(item.price)}'`, 'items[0][price]');
          (sub.items as { data: Json[] }).data[0]!.price = { id: item.price, object: 'price' };
        }
        if (form.cancel_at_period_end !== undefined) sub.cancel_at_period_end = form.cancel_at_period_end === 'true';
        return sub;
      }
      default:
        throw new StripeFailure(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
    }
  }

  const server = http.createServer((req, res) => {
    if (fake.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const key = req.headers['idempotency-key'] as string | undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey: key });
      const reply = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') });
        res.end(body);
      };
      if (req.headers.authorization !== `Bearer ${secretKey}`) return reply(401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } }));
      const replayKey = key && req.method === 'POST' ? `${key}` : undefined;
      const replay = replayKey ? replies.get(replayKey) : undefined;
      if (replay) return reply(replay.status, replay.body);
      let status = 200;
      let body: string;
      try {
        body = JSON.stringify(route(req.method ?? 'GET', url.pathname, url.searchParams, parseForm(Buffer.concat(chunks).toString('utf8'))));
      } catch (error) {
        if (!(error instanceof StripeFailure)) throw error;
        status = error.status;
        body = JSON.stringify({ error: error.body });
      }
      // Stripe replays the first answer to a retry with the same key, errors included.
      if (replayKey && status < 500) replies.set(replayKey, { status, body });
      reply(status, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeStripe = {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    webhookSecret,
    requests,
    down: false,
    card(kind, details = {}) {
      const id = newId('pm');
      const last4 = details.last4 ?? { ok: '4242', decline: '0002', '3ds': '3155' }[kind];
      put({ id, object: 'payment_method', type: 'card', customer: null, created: nowSeconds(), card: { brand: details.brand ?? 'visa', last4, exp_month: details.expMonth ?? 12, exp_year: details.expYear ?? new Date().getUTCFullYear() + 3 } });
      cardKinds.set(id, kind);
      return id;
    },
    confirmSetup(setupIntentId, paymentMethodId) {
      const intent = get(setupIntentId, 'setup_intent');
      const pm = get(paymentMethodId, 'payment_method');
      pm.customer = intent.customer;
      intent.payment_method = paymentMethodId;
      intent.status = 'succeeded';
    },
    completeAction(paymentIntentId) {
      const intent = get(paymentIntentId, 'payment_intent');
      if (intent.status !== 'requires_action') throw new Error(`payment intent ${paymentIntentId} is ${String(intent.status)}`);
      charge(intent);
    },
    cancelNow(subscriptionId) {
      const sub = get(subscriptionId, 'subscription');
      sub.status = 'canceled';
      sub.cancel_at_period_end = false;
    },
    object: (id) => objects.get(id),
    objectsOf: (kind) => [...objects.values()].filter((o) => o.object === kind),
    event(type, objectId) {
      const object = objects.get(objectId);
      if (!object) throw new Error(`no object ${objectId}`);
      return { id: newId('evt'), object: 'event', api_version: '2025-10-29.clover', created: nowSeconds(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object: clone(object) } };
    },
    async sendWebhook(url, event, options = {}) {
      const payload = JSON.stringify(event);
      const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? webhookSecret, ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}) });
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
