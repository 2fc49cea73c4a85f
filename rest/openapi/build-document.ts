import { z } from 'zod';
import { ERROR_STATUS } from '../../platform/app-error.js';
import { OPERATIONS, type Operation } from './operations.js';

type JsonObject = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonObject => z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;

const envelopeError: JsonObject = {
  type: 'object',
  required: ['data', 'error'],
  properties: {
    data: { type: 'null' },
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } },
  },
};

/** Errors any operation may answer, by whether it needs a caller. */
function errorCodes(operation: Operation): string[] {
  // Any request may carry a body (and a Content-Encoding), whether the operation reads one or not.
  const common = ['INVALID_JSON', 'INVALID_BODY', 'PAYLOAD_TOO_LARGE', 'INTERNAL'];
  const withInput = operation.body || operation.query || operation.formBody || operation.multipartBody ? ['VALIDATION_FAILED'] : [];
  const withAuth = operation.auth ? ['UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED'] : [];
  const withParams = operation.path.includes('{') ? ['NOT_FOUND'] : [];
  const withPrecondition = operation.etag === 'checks' ? ['PRECONDITION_FAILED'] : [];
  const withIdempotency = operation.idempotent ? ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_IN_USE'] : [];
  return [...new Set([...common, ...withInput, ...withAuth, ...withParams, ...withPrecondition, ...withIdempotency, ...(operation.errors ?? [])])];
}

function responses(operation: Operation): JsonObject {
  const result: JsonObject = {
    [operation.success.status]: {
      description: operation.success.description,
      ...(operation.success.status === 302
        ? { headers: { Location: { schema: { type: 'string' } } } }
        : {
            ...(operation.etag ? { headers: { ETag: { schema: { type: 'string' }, description: "The item's version: send it back as If-Match" } } } : {}),
            content: {
              [operation.success.contentType ?? 'application/json']: {
                schema: operation.success.contentType
                  ? { type: 'string' }
                  : { type: 'object', required: ['data'], properties: { data: operation.response ? schemaOf(operation.response, 'output') : {}, meta: { type: 'object' } } },
              },
            },
          }),
    },
  };
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodes(operation)) {
    const status = ERROR_STATUS[code as keyof typeof ERROR_STATUS];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    result[status] = {
      description: `Error: ${codes.join(', ')}`,
      ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } } : {}),
      content: { 'application/json': { schema: envelopeError } },
    };
  }
  return result;
}

function parameters(operation: Operation): JsonObject[] {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
  const inQuery = operation.query
    ? Object.entries((schemaOf(operation.query).properties ?? {}) as Record<string, JsonObject>).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
    : [];
  const inHeaders = [
    ...(operation.etag === 'checks' ? [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag you read; a changed item answers 412 with its current state' }] : []),
    ...(operation.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Retries with the same key return the first response (24 h, per caller)' }] : []),
  ];
  return [...inPath, ...inQuery, ...inHeaders];
}

function requestBody(operation: Operation): JsonObject | undefined {
  if (operation.body) return { required: true, content: { 'application/json': { schema: schemaOf(operation.body) } } };
  if (operation.formBody) {
    const properties = Object.fromEntries(Object.entries(operation.formBody).map(([name, description]) => [name, { type: 'string', description }]));
    return { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: Object.keys(properties), properties } } } };
  }
  if (operation.multipartBody) {
    const properties = Object.fromEntries(Object.entries(operation.multipartBody).map(([name, description]) => [name, name === 'file' ? { type: 'string', format: 'binary', description } : { type: 'string', description }]));
    return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: Object.keys(properties), properties } } } };
  }
  return undefined;
}

/** The OpenAPI 3.1 document for the REST API, served at `/api/openapi.json`. */
export function buildOpenApiDocument(options: { version: string; serverUrl: string }): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of OPERATIONS) {
    const body = requestBody(operation);
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [operation.tag],
      security: operation.auth ? [{ bearerAuth: [] }, { cookieAuth: [] }] : [],
      parameters: parameters(operation),
      ...(body ? { requestBody: body } : {}),
      responses: responses(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'studio-sync REST API',
      version: options.version,
      description: 'Every response is { data, meta?, error? }; errors carry a stable code. Collaborative documents (/api/projects/{projectId}/documents) sync over the WebSocket at /collab. Knowledge documents (/api/documents, /api/search, /api/chat) are uploaded files to search and ask about: a different thing.',
    },
    servers: [{ url: options.serverUrl }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An access token from a sign-in, or a project API key (ssk_…)' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'ss_access', description: 'The session cookie; changes also need our Origin' },
      },
    },
    paths,
  };
}
