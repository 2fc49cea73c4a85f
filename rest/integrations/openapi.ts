import type { Operation } from '../openapi/operations.js';
import { createIntegrationBody, deletedIntegrationResponse, integrationListResponse, integrationResponse, integrationTestResponse, updateIntegrationBody } from './schemas.js';

const base = '/api/projects/{projectId}/integrations';
const one = `${base}/{integrationId}`;
const common = { tag: 'integrations', auth: true } as const;

export const INTEGRATION_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: base, operationId: 'listIntegrations', summary: "The project's integrations, never their secrets (owners and admins)", response: integrationListResponse, success: { status: 200, description: 'Integrations' } },
  { ...common, method: 'post', path: base, operationId: 'createIntegration', summary: 'Add a Discord, Slack or JIRA integration; its secret is sealed and never shown again', body: createIntegrationBody, response: integrationResponse, success: { status: 201, description: 'The integration' }, errors: ['CONFLICT'] },
  { ...common, method: 'get', path: one, operationId: 'getIntegration', summary: 'One integration, without its secret', response: integrationResponse, success: { status: 200, description: 'The integration' } },
  { ...common, method: 'patch', path: one, operationId: 'updateIntegration', summary: 'Rename, re-configure, replace the secret, re-activate (status active) or disable', body: updateIntegrationBody, response: integrationResponse, success: { status: 200, description: 'The integration' } },
  { ...common, method: 'post', path: `${one}/test`, operationId: 'testIntegration', summary: 'Try an integration now with its stored secret: Discord and Slack get one short message, JIRA a search in its project; says whether it worked and what the destination answered (changes nothing)', response: integrationTestResponse, success: { status: 200, description: 'What the test found' }, errors: ['CONFLICT'] },
  { ...common, method: 'delete', path: one, operationId: 'deleteIntegration', summary: 'Delete an integration (its deliveries stay as history)', response: deletedIntegrationResponse, success: { status: 200, description: 'Deleted' } },
];
