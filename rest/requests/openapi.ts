import type { Operation } from '../openapi/operations.js';
import { addRequestCommentBody, createRequestBody, listRequestsQuery, requestCommentResponse, requestDetailResponse, requestPageResponse, requestResponse, updateRequestBody } from './schemas.js';

const request = '/api/requests/{requestId}';
const common = { tag: 'requests', auth: true } as const;

export const REQUEST_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/requests', operationId: 'listRequests', summary: "A project's requests, newest first, filtered by status, type or assignee (a user id, me, none); cursor pagination (data.next)", query: listRequestsQuery, response: requestPageResponse, success: { status: 200, description: 'A page of requests' } },
  { ...common, method: 'post', path: '/api/requests', operationId: 'createRequest', summary: 'Raise a request (commenters and above); it opens a JIRA issue and posts to chat through the project’s integrations', body: createRequestBody, response: requestResponse, idempotent: true, success: { status: 201, description: 'The request' } },
  { ...common, method: 'get', path: request, operationId: 'getRequest', summary: 'One request with its latest comments', response: requestDetailResponse, success: { status: 200, description: 'The request' } },
  { ...common, method: 'put', path: request, operationId: 'updateRequest', summary: 'Change a request: name the version you read; the status follows the workflow (open → in-progress → in-review → done; declined; reopened)', body: updateRequestBody, response: requestResponse, success: { status: 200, description: 'The request' }, errors: ['VERSION_CONFLICT', 'INVALID_TRANSITION'] },
  { ...common, method: 'post', path: `${request}/comments`, operationId: 'addRequestComment', summary: 'Comment on a request, as yourself (commenters and above); the requester and the assignee are told', body: addRequestCommentBody, response: requestCommentResponse, idempotent: true, success: { status: 201, description: 'The comment' } },
];
