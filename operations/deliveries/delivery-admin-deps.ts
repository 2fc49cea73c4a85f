import type { OperationDeps } from '../dependencies.js';
import type { RequestSend } from './send-requests.js';

/** The deliveries admin view also hands revived deliveries to the worker. */
export interface DeliveryAdminDeps extends OperationDeps {
  requestSend: RequestSend;
}
