import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DatabaseKind } from '../../platform/db/database.js';
import { startTestApp, type TestApp } from './app.js';
import { client, type SignedIn } from './client.js';
import { type ConnectedProvider, type ProviderOptions, connectProvider } from './provider.js';

/** A raw protocol frame for a document: its name, then whatever `write` adds (message type, payload). */
export function frame(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync-update frame carrying `update`, as a provider sends each local change. */
export function updateFrame(documentName: string, update: Uint8Array): Uint8Array {
  return frame(documentName, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update)));
}

/** An awareness frame for `clientId` with a clock far ahead of any honest one, as any socket can send. */
export function forgedPresenceFrame(documentName: string, clientId: number, state: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new Awareness(doc);
  awareness.meta.set(clientId, { clock: 1000, lastUpdated: Date.now() });
  awareness.setLocalState(state);
  const update = encodeAwarenessUpdate(awareness, [clientId]);
  awareness.destroy();
  doc.destroy();
  return frame(documentName, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update)));
}

export interface Harness {
  app: TestApp;
  api: ReturnType<typeof client>;
  owner: SignedIn;
  projectId: string;
  open(name: string, token: string | (() => string | Promise<string>), options?: ProviderOptions): ConnectedProvider;
  createBoard(title?: string): Promise<string>;
  member(role: string): Promise<SignedIn>;
}

/**
 * One server per suite (a fresh database of the given kind), an owner with a project, and
 * providers that are destroyed after each test.
 */
export function harness(kind: DatabaseKind, env: Record<string, string> = {}): Harness {
  const providers: ConnectedProvider[] = [];
  const h = {} as Harness;
  beforeAll(async () => {
    h.app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', ...env });
    h.api = client(h.app.url);
    h.owner = await h.api.signIn(undefined, 'Owner Person');
    h.projectId = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: h.owner.accessToken, body: { name: 'Sync' } })).body.data.id;
    h.open = (name, token, options) => {
      const provider = connectProvider(h.app.wsUrl, name, token, options);
      providers.push(provider);
      return provider;
    };
    h.createBoard = async (title = 'Board') => {
      const created = await h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { token: h.owner.accessToken, body: { kind: 'kanban', title } });
      expect(created.status).toBe(201);
      return created.body.data.name;
    };
    h.member = async (role) => {
      const person = await h.api.signIn();
      const added = await h.api.call('POST', `/api/projects/${h.projectId}/members`, { token: h.owner.accessToken, body: { email: person.email, role } });
      expect(added.status).toBe(201);
      return person;
    };
  });
  afterEach(() => {
    providers.splice(0).forEach((provider) => provider.destroy());
  });
  afterAll(async () => {
    await h.app?.stop();
  });
  return h;
}

