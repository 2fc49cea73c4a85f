import type { Operation } from '../openapi/operations.js';
import { deliveryPageResponse, deliveryResponse, listDeliveriesQuery, retriedDeadResponse, retryDeadBody } from './schemas.js';

const base = '/api/projects/{projectId}/deliveries';
const common = { tag: 'deliveries', auth: true } as const;

export const DELIVERY_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: base, operationId: 'listDeliveries', summary: "Where the project's events went, newest first, filtered by status, channel or integration (owners and admins; cursor in data.next)", query: listDeliveriesQuery, response: deliveryPageResponse, success: { status: 200, description: 'A page of deliveries' } },
  { ...common, method: 'post', path: `${base}/{deliveryId}/retry`, operationId: 'retryDelivery', summary: 'Send a dead delivery again (409 unless it is dead and its integration active)', response: deliveryResponse, success: { status: 200, description: 'The delivery, pending again' }, errors: ['CONFLICT'] },
  { ...common, method: 'post', path: `${base}/retry-dead`, operationId: 'retryDeadDeliveries', summary: "Send an integration's dead deliveries again, up to 200 per call (409 unless it is active)", body: retryDeadBody, response: retriedDeadResponse, success: { status: 200, description: 'How many were revived, and how many dead remain' }, errors: ['CONFLICT'] },
];
