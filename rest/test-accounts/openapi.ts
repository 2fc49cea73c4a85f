import type { Operation } from '../openapi/operations.js';
import {
  createTestAccountBody,
  deletedTestAccountResponse,
  listTestAccountsQuery,
  projectQuery,
  revealedTestAccountResponse,
  testAccountPageResponse,
  testAccountResponse,
  updateTestAccountBody,
} from './schemas.js';

const base = '/api/testing/accounts';
const one = `${base}/{accountId}`;
const common = { tag: 'test-accounts', auth: true } as const;

export const TEST_ACCOUNT_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: base, operationId: 'listTestAccounts', summary: "A project's shared test accounts by service, never their secrets (editors and above); cursor pagination (data.next)", query: listTestAccountsQuery, response: testAccountPageResponse, success: { status: 200, description: 'A page of accounts' } },
  { ...common, method: 'post', path: base, operationId: 'createTestAccount', summary: 'Add a test account (editors and above; revealRoles only owners and admins); its secrets are sealed at once', query: projectQuery, body: createTestAccountBody, response: testAccountResponse, success: { status: 201, description: 'The account, without secrets' }, errors: ['CONFLICT'] },
  { ...common, method: 'get', path: one, operationId: 'getTestAccount', summary: 'One test account, without its secrets', response: testAccountResponse, success: { status: 200, description: 'The account' } },
  { ...common, method: 'put', path: one, operationId: 'updateTestAccount', summary: 'Change an account; a secret given replaces the stored one (null clears it), unnamed ones stay', body: updateTestAccountBody, response: testAccountResponse, success: { status: 200, description: 'The account, without secrets' }, errors: ['VERSION_CONFLICT'] },
  { ...common, method: 'delete', path: one, operationId: 'deleteTestAccount', summary: 'Delete an account and its secrets (owners and admins)', response: deletedTestAccountResponse, success: { status: 200, description: 'Deleted' } },
  { ...common, method: 'post', path: `${one}/reveal`, operationId: 'revealTestAccount', summary: "The account's secrets and its current TOTP code, for the roles it allows (owners and admins by default); every reveal and every refusal is audited", response: revealedTestAccountResponse, success: { status: 200, description: 'The secrets' } },
];
