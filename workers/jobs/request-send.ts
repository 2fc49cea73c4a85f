import type { RequestSend } from '../../operations/deliveries/send-requests.js';
import type { JobQueue } from '../job-queue.js';
import { sendDeliveriesJob } from './send-deliveries.js';

/**
 * Only names the queue and checks the payload: the worker's own definition, built with the
 * channels, is what runs the job. (Enqueuing needs no channels; the api role may have none.)
 */
const SEND_JOB = sendDeliveriesJob(new Map());

/**
 * Requests a destination's send job from outside the worker (an admin's retry), with the same
 * singleton key the fan-out uses, so it joins the destination's one queued send: when a send
 * is already waiting (a Retry-After, a backoff) the revived deliveries go with it.
 */
export function requestSends(queue: JobQueue): RequestSend {
  return async (tx, channel, destination) => (await queue.send(SEND_JOB, { channel, destination }, { in: tx, singletonKey: `${channel}:${destination}` })) !== null;
}
