import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { Vault } from '../../platform/vault.js';
import { type StoredTestAccount, claimDueRotations, getTestAccount, recordRotationOutcome, updateTestAccount } from '../../storage/test-accounts.js';
import { type DestinationFetch, refusedAsPrivate } from '../integrations/guarded-fetch.js';
import { noticeRotationDue } from './rotation-notice.js';
import { openSecrets, sealSecrets } from './test-account.js';

export interface RotationDeps {
  db: Database;
  vault: Vault;
  /** The integrations' guarded fetch: the rotator's URL was typed by an admin, the server calls it. */
  fetch: DestinationFetch;
  /** How long the replaced password stays revealable. */
  graceHours: number;
  logger: Logger;
  now?: () => number;
}

export interface RotationReport {
  rotated: number;
  reminded: number;
  failed: number;
}

const HOUR = 60 * 60 * 1000;
/** A reminder repeats daily until someone changes the password; a failed rotator is asked again hourly. */
const REMIND_AGAIN_MS = 24 * HOUR;
const RETRY_FAILED_MS = HOUR;
const ROTATOR_TIMEOUT_MS = 10_000;
/** Longer than a rotator call and its writes: a worker that dies mid-pass leaves the account to the next scan after this. */
const LEASE_SECONDS = 120;

const rotatorAnswer = z.object({ password: z.string().min(1).max(1_024).refine((value) => !value.includes('\u0000')) });

/**
 * One pass of the rotation policy over the accounts that are due: with a rotator webhook, ask it for
 * a new password and store it, keeping the old one revealable for the grace period; without one (or
 * when the rotator fails) tell the people who may reveal the account, in-app. Safe to run on several
 * workers at once: each account is claimed (a lease on its due time) before it is worked on.
 */
export async function rotateDueAccounts(deps: RotationDeps, options: { limit?: number } = {}): Promise<RotationReport> {
  const now = () => (deps.now ?? Date.now)();
  const report: RotationReport = { rotated: 0, reminded: 0, failed: 0 };
  const claimed = await claimDueRotations(deps.db, { now: new Date(now()), limit: options.limit ?? 20, leaseSeconds: LEASE_SECONDS });
  for (const id of claimed) {
    const account = await getTestAccount(deps.db, id);
    if (!account || account.rotation.days === null) continue;
    const log = deps.logger.child({ testAccountId: id, projectId: account.projectId });
    if (!account.rotation.hasRotator) {
      await settle(deps, account, { reason: 'remind', error: null }, new Date(now() + REMIND_AGAIN_MS));
      report.reminded += 1;
      continue;
    }
    // Stable until the account is written (a stored rotation, an edit): a retry after a lost answer asks with the same key.
    const answer = await askRotator(deps, account, `${id}:${account.version}`);
    if (!answer.ok) {
      log.warn({ error: answer.error }, 'test account rotator failed');
      await settle(deps, account, { reason: 'failed', error: answer.error }, new Date(now() + RETRY_FAILED_MS));
      report.failed += 1;
      continue;
    }
    await storeRotated(deps, id, answer.password, new Date(now() + deps.graceHours * HOUR));
    log.info({ service: account.service }, 'test account password rotated');
    report.rotated += 1;
  }
  return report;
}

/**
 * POSTs what identifies the account (never a secret) with an Idempotency-Key of the account's
 * version: a rotator that already changed the password for it, whose answer we lost, should answer
 * the same password again rather than change it twice.
 */
async function askRotator(deps: RotationDeps, account: StoredTestAccount, idempotencyKey: string): Promise<{ ok: true; password: string } | { ok: false; error: string }> {
  const { rotatorUrl } = openSecrets(deps.vault, account);
  if (!rotatorUrl) return { ok: false, error: 'no rotator URL is stored' };
  let response: Response;
  try {
    response = await deps.fetch(rotatorUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify({ accountId: account.id, projectId: account.projectId, service: account.service, username: account.username, environment: account.environment }),
      signal: AbortSignal.timeout(ROTATOR_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    if (refusedAsPrivate(error)) return { ok: false, error: 'the rotator’s address is private, loopback or link-local' };
    return { ok: false, error: error instanceof Error && error.name === 'TimeoutError' ? `the rotator did not answer within ${ROTATOR_TIMEOUT_MS / 1000} s` : 'the rotator could not be reached' };
  }
  // Only the status: a rotator's body is not ours to copy into notifications.
  if (!response.ok) return { ok: false, error: `the rotator answered ${response.status}` };
  const parsed = rotatorAnswer.safeParse(await response.json().catch(() => null));
  return parsed.success ? { ok: true, password: parsed.data.password } : { ok: false, error: 'the rotator’s answer had no usable password' };
}

/** The new password in place, the old one kept until `graceUntil`, the period started again; read again under lock. */
async function storeRotated(deps: RotationDeps, id: string, password: string, graceUntil: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const current = await getTestAccount(tx, id, { forUpdate: true });
    if (!current) return;
    const before = openSecrets(deps.vault, current);
    const secrets = { ...before, password, previousPassword: before.password, previousPasswordUntil: before.password ? graceUntil.toISOString() : null };
    await updateTestAccount(tx, id, {
      service: current.service,
      username: current.username,
      environment: current.environment,
      revealRoles: current.revealRoles,
      hasPassword: true,
      hasTotp: current.hasTotp,
      hasNotes: current.hasNotes,
      envelope: sealSecrets(deps.vault, current, secrets),
      rotationDays: current.rotation.days,
      hasRotator: current.rotation.hasRotator,
      passwordChanged: true,
      policyChanged: false,
      rotation: { status: 'ok', error: null },
    });
    await recordAudit(tx, { action: 'test_account.rotated', projectId: current.projectId, target: id, details: { service: current.service, by: 'rotator', previousKeptUntil: secrets.previousPasswordUntil } });
  });
}

async function settle(deps: RotationDeps, account: StoredTestAccount, outcome: { reason: 'remind' | 'failed'; error: string | null }, nextDueAt: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await recordRotationOutcome(tx, account.id, { status: outcome.reason === 'remind' ? 'reminded' : 'failed', error: outcome.error, nextDueAt });
    await noticeRotationDue(tx, { accountId: account.id, projectId: account.projectId, service: account.service, environment: account.environment, revealRoles: account.revealRoles, ...outcome });
  });
}
