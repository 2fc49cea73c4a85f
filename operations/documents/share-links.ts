import type { AccessTokens } from '../../identity/access-tokens.js';
import { recordAudit } from '../../identity/audit.js';
import { type DocumentLink, type LinkRole, findUsableLink, insertLink, listLinks, recordLinkUse, revokeLink } from '../../identity/document-links.js';
import { hashLinkPassword, linkPasswordMatches } from '../../identity/link-passwords.js';
import { startSession } from '../../identity/sessions.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type DocumentTarget, documentNotFound } from './registered-document.js';
import { lockDocumentName } from '../../storage/document-registry.js';

export interface CreateLinkInput extends DocumentTarget, AuditOrigin {
  role: LinkRole;
  label: string;
  password?: string | undefined;
  expiresAt?: Date | undefined;
}

/**
 * A share link to one document (owners and admins): a viewer or commenter link, with an optional
 * expiry and password. The token is in the answer once; only its hash is stored.
 */
export async function createShareLink(deps: OperationDeps, caller: Caller, input: CreateLinkInput): Promise<Outcome<{ link: DocumentLink; token: string }>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) return fail('VALIDATION_FAILED', 'The expiry must be in the future.', [{ path: 'expiresAt', message: 'in the past' }]);
  const passwordHash = input.password ? await hashLinkPassword(input.password) : null;
  const made = await deps.db.transaction(async (tx) => {
    const name = await lockDocumentName(tx, projectId, input.documentId, { open: true });
    if (!name) return null;
    const created = await insertLink(tx, { projectId, documentId: input.documentId, role: input.role, label: input.label, passwordHash, expiresAt: input.expiresAt ?? null, createdBy: caller.principal.type === 'user' ? caller.principal.user.id : null });
    await recordAudit(tx, {
      action: 'document.link_created',
      projectId,
      ...auditActorOf(caller.principal),
      target: name,
      details: { linkId: created.link.id, role: input.role, expiresAt: input.expiresAt?.toISOString() ?? null, password: passwordHash !== null },
      ip: input.ip,
    });
    return created;
  });
  return made ? ok(made) : documentNotFound();
}

export async function listShareLinks(deps: OperationDeps, caller: Caller, target: DocumentTarget): Promise<Outcome<DocumentLink[]>> {
  const access = await requireProjectRole(caller, target.projectId, 'members.manage');
  if (!access.ok) return access;
  return ok(await listLinks(deps.db, access.value.projectId, target.documentId));
}

/** Revokes a link: it answers 404 from now on, and sockets opened through it close at once. */
export async function revokeShareLink(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin & { linkId: string }): Promise<Outcome<DocumentLink>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const revoked = await deps.db.transaction(async (tx) => {
    const documentName = await lockDocumentName(tx, projectId, input.documentId);
    const link = documentName ? await revokeLink(tx, projectId, input.documentId, input.linkId) : null;
    if (!documentName || !link) return null;
    await recordAudit(tx, { action: 'document.link_revoked', projectId, ...auditActorOf(caller.principal), target: documentName, details: { linkId: link.id }, ip: input.ip });
    return { link, documentName };
  });
  if (!revoked) return fail('NOT_FOUND', 'No such live link to this document.');
  deps.events.emit({ type: 'documentAccess', projectId, documentName: revoked.documentName });
  return ok(revoked.link);
}

export interface OpenedLink {
  /** A short-lived access token for the link's identity: the provider's `token` on /collab. */
  accessToken: string;
  expiresIn: number;
  role: LinkRole;
  /** The link's identity: whose comments the visitor writes, named by the link's label. */
  visitor: { userId: string; label: string };
  document: { projectId: string; documentId: string; name: string; kind: string; title: string };
}

/**
 * Whoever holds a link opens its document: an unknown, revoked or expired link, or one whose
 * document is archived, is one answer (404: nothing about whether it ever existed); a link with a
 * password needs it (401 `LINK_PASSWORD_REQUIRED` without, 403 `LINK_PASSWORD_WRONG`). The
 * visitor gets a session of the link's identity and an access token that ends no later than the
 * link does; no cookie is set (a signed-in visitor stays signed in as themselves). Each use is audited; a visit that shows its last token
 * (`carryOn`, expired or not) gets a fresh one on the same session, which is not another use.
 */
export async function openShareLink(deps: OperationDeps & { tokens: AccessTokens }, input: { token: string; password?: string | undefined; ip: string; carryOn?: string | undefined }): Promise<Outcome<OpenedLink>> {
  const link = await findUsableLink(deps.db, input.token);
  if (!link) return fail('NOT_FOUND', 'This link does not open anything (it may have expired or been revoked).');
  if (link.passwordHash) {
    if (!input.password) return fail('LINK_PASSWORD_REQUIRED', 'This link needs its password.');
    if (!(await linkPasswordMatches(input.password, link.passwordHash))) return fail('LINK_PASSWORD_WRONG', 'That is not the password of this link.');
  }
  // A visit asking for a fresh token (its last one, expired or not, of this link's live session) carries on: not another use.
  const carried = input.carryOn ? await deps.tokens.signedBefore(input.carryOn) : null;
  const live = carried && carried.userId === link.userId ? await deps.db.query('SELECT 1 FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [carried.sessionId, link.userId]) : null;
  const session =
    carried && live && live.rows.length > 0
      ? { sessionId: carried.sessionId }
      : await deps.db.transaction(async (tx) => {
          const started = await startSession(tx, { userId: link.userId, provider: 'share-link', ttlDays: 1 });
          await recordLinkUse(tx, link.id);
          await recordAudit(tx, { action: 'document.link_opened', projectId: link.projectId, actorUserId: link.userId, target: link.documentName, details: { linkId: link.id }, ip: input.ip });
          return started;
        });
  const secondsLeft = link.expiresAt ? Math.floor((link.expiresAt.getTime() - Date.now()) / 1000) : deps.tokens.ttlSeconds;
  const expiresIn = Math.max(1, Math.min(secondsLeft, deps.tokens.ttlSeconds));
  const accessToken = await deps.tokens.sign({ userId: link.userId, sessionId: session.sessionId }, expiresIn);
  return ok({ accessToken, expiresIn, role: link.role, visitor: { userId: link.userId, label: link.label }, document: { projectId: link.projectId, documentId: link.documentId, name: link.documentName, kind: link.kind, title: link.title } });
}
