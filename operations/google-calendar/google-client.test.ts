import { describe, expect, it } from 'vitest';
import { classifyGoogleError } from './google-client.js';

/** Errors as gaxios surfaces them: `status`, and Google's JSON body in `response.data`. */
const failure = (status: number | undefined, data: unknown) => ({ status, message: 'failed', response: status === undefined ? undefined : { status, data } });
const apiError = (status: number, reason: string) => failure(status, { error: { code: status, message: reason, errors: [{ reason }] } });

describe('what a failed call to Google means', () => {
  it('tells a revoked authorization from limits, outages and refusals', () => {
    expect(classifyGoogleError(failure(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })).kind).toBe('revoked');
    expect(classifyGoogleError(apiError(401, 'authError')).kind).toBe('revoked');
    for (const transient of [apiError(403, 'rateLimitExceeded'), apiError(403, 'userRateLimitExceeded'), apiError(429, 'rateLimitExceeded'), apiError(500, 'backendError'), apiError(503, 'backendError'), failure(undefined, undefined)]) {
      expect(classifyGoogleError(transient).kind).toBe('transient');
    }
    expect(classifyGoogleError(apiError(410, 'fullSyncRequired')).kind).toBe('sync-token-gone');
    expect(classifyGoogleError(apiError(410, 'deleted')).kind).toBe('gone');
    expect(classifyGoogleError(apiError(404, 'notFound')).kind).toBe('gone');
    expect(classifyGoogleError(apiError(412, 'conditionNotMet')).kind).toBe('precondition');
    expect(classifyGoogleError(apiError(409, 'duplicate')).kind).toBe('duplicate');
    expect(classifyGoogleError(apiError(403, 'forbidden'))).toMatchObject({ kind: 'refused', status: 403 });
    // An OAuth error other than a revoked grant is our configuration, not the person's: not "reconnect".
    expect(classifyGoogleError(failure(401, { error: 'invalid_client' })).kind).toBe('refused');
  });
});
