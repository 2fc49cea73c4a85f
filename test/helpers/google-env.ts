import type { FakeGoogle } from './fake-google.js';

/** The server's environment for Google sign-in and Calendar sync against the local fake Google. */
export function googleEnv(google: FakeGoogle): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: 'studio-client',
    GOOGLE_CLIENT_SECRET: 'studio-secret',
    GOOGLE_AUTHORIZATION_URL: google.authorizationUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    GOOGLE_REVOKE_URL: google.revokeUrl,
    GOOGLE_CALENDAR_API_URL: google.url,
    // The fake calls our notifications endpoint over http, as Google would over https.
    GOOGLE_CALENDAR_PUSH: 'always',
    GOOGLE_CALENDAR_SCAN_SECONDS: '1',
    WORKER_POLL_INTERVAL_MS: '250',
  };
}
