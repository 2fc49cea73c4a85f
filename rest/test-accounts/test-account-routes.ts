import { type Request, Router } from 'express';
import { systemUrlPolicy } from '../../operations/integrations/destination-url.js';
import { createTestAccount } from '../../operations/test-accounts/create-test-account.js';
import { deleteTestAccount } from '../../operations/test-accounts/delete-test-account.js';
import { getTestAccount, listTestAccounts } from '../../operations/test-accounts/list-test-accounts.js';
import { revealTestAccount } from '../../operations/test-accounts/reveal-test-account.js';
import type { TestAccountDeps } from '../../operations/test-accounts/test-account.js';
import { updateTestAccount } from '../../operations/test-accounts/update-test-account.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { createTestAccountBody, listTestAccountsQuery, projectQuery, updateTestAccountBody } from './schemas.js';

/** `/api/testing/accounts`: the project's shared test accounts; authenticate → parse → operation → present. */
export function testAccountRoutes(deps: RestDependencies): Router {
  const router = Router();
  const urls = systemUrlPolicy(deps.config.integrations.allowPrivateUrls);
  // Until the master keys are checked, a wrong key could seal new records no other process opens.
  router.use((_req, _res, next) => {
    if (deps.vaultReady && !deps.vaultReady()) throw new AppError('NOT_READY', 'The test-accounts vault is not open yet; try again in a moment.');
    next();
  });
  const ctx = (req: Request) => {
    const { ops, caller } = operationContext(req, deps);
    const testAccountOps: TestAccountDeps = { ...ops, vault: deps.vault, urls };
    return { ops: testAccountOps, caller, ip: clientIp(req) };
  };
  const accountId = (req: Request) => String(req.params.accountId);

  router.get('/', async (req, res) => {
    const { ops, caller } = ctx(req);
    const query = parse(listTestAccountsQuery, req.query);
    const page = unwrap(await listTestAccounts(ops, caller, query));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  router.post('/', async (req, res) => {
    const { ops, caller, ip } = ctx(req);
    const { projectId } = parse(projectQuery, req.query);
    const input = parse(createTestAccountBody, req.body);
    sendData(res, unwrap(await createTestAccount(ops, caller, { ...input, projectId, ip })), { status: 201 });
  });
  router.get('/:accountId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await getTestAccount(ops, caller, { accountId: accountId(req) })));
  });
  router.put('/:accountId', async (req, res) => {
    const { ops, caller, ip } = ctx(req);
    const input = parse(updateTestAccountBody, req.body);
    sendData(res, unwrap(await updateTestAccount(ops, caller, { ...input, accountId: accountId(req), ip })));
  });
  router.delete('/:accountId', async (req, res) => {
    const { ops, caller, ip } = ctx(req);
    sendData(res, unwrap(await deleteTestAccount(ops, caller, { accountId: accountId(req), ip })));
  });
  router.post('/:accountId/reveal', async (req, res) => {
    const { ops, caller, ip } = ctx(req);
    // Secrets: no cache may keep this answer.
    res.setHeader('Cache-Control', 'no-store');
    sendData(res, unwrap(await revealTestAccount(ops, caller, { accountId: accountId(req), ip })));
  });
  return router;
}
