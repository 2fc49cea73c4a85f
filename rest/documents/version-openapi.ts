import type { Operation } from '../openapi/operations.js';
import { changesResponse, listVersionsQuery, nameVersionBody, restoreResponse, versionContentResponse, versionListResponse, versionResponse, versionChangesQuery } from './version-schemas.js';

const versions = '/api/projects/{projectId}/documents/{documentId}/versions';
const version = `${versions}/{versionId}`;
const common = { tag: 'documents' as const, auth: true };

export const VERSION_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: versions, operationId: 'listDocumentVersions', summary: 'A document’s history, newest first: automatic checkpoints, named versions, and the versions saved before each restore', query: listVersionsQuery, response: versionListResponse, success: { status: 200, description: 'Versions' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { ...common, method: 'post', path: versions, operationId: 'nameDocumentVersion', summary: 'Save the document as it is now under a name (named versions are kept as long as the document)', body: nameVersionBody, response: versionResponse, success: { status: 201, description: 'The version' }, errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_RESET'] },
  { ...common, method: 'get', path: version, operationId: 'readDocumentVersion', summary: 'A past version, read through the document’s model (the same JSON as the live document)', response: versionContentResponse, success: { status: 200, description: 'The version and its content' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { ...common, method: 'get', path: `${version}/changes`, operationId: 'documentVersionChanges', summary: 'Who changed what, per entry, between two versions (`since`, or the beginning), from the change feed', query: versionChangesQuery, response: changesResponse, success: { status: 200, description: 'Changes' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { ...common, method: 'post', path: `${version}/restore`, operationId: 'restoreDocumentVersion', summary: 'Bring the document back to this version as a new change (the current state is saved first; clients stay connected and converge)', response: restoreResponse, success: { status: 200, description: 'What the restore changed' }, errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
];
