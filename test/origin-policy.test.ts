import { describe, expect, it } from 'vitest';
import { claimedOrigin, comesFromOurOrigin, ourOrigins } from '../identity/origin-policy.js';

const OURS = ourOrigins('https://studio.example/app/', ['https://partner.example']);
const REST = { refererFallback: true };
const WEBSOCKET = { refererFallback: false };

/** The one rule REST and the collab server share: pure, so every edge is checked here. */
describe('origin policy', () => {
  it('lists PUBLIC_URL’s origin first, then ALLOWED_ORIGINS', () => {
    expect(OURS).toEqual(['https://studio.example', 'https://partner.example']);
  });

  it('accepts our origins exactly as browsers send them', () => {
    expect(comesFromOurOrigin({ origin: 'https://studio.example' }, OURS, WEBSOCKET)).toBe(true);
    expect(comesFromOurOrigin({ origin: 'https://partner.example' }, OURS, WEBSOCKET)).toBe(true);
    expect(comesFromOurOrigin({ origin: 'HTTPS://STUDIO.EXAMPLE' }, OURS, WEBSOCKET)).toBe(true);
  });

  it('refuses foreign, look-alike and malformed origins', () => {
    for (const origin of [
      'https://evil.example',
      'http://studio.example',
      'https://studio.example:8443',
      'https://studio.example.evil.example',
      'https://studio.example/',
      'https://studio.example/path',
      'https://user@studio.example',
      'null',
      '',
      'garbage',
    ]) {
      expect(comesFromOurOrigin({ origin }, OURS, REST), origin).toBe(false);
    }
  });

  it('falls back to the Referer only when asked, and only when Origin is absent', () => {
    const referer = 'https://studio.example/boards/1';
    expect(claimedOrigin({ referer }, REST)).toBe('https://studio.example');
    expect(comesFromOurOrigin({ referer, origin: null }, OURS, REST)).toBe(true);
    expect(comesFromOurOrigin({ referer }, OURS, WEBSOCKET)).toBe(false);
    // An Origin that says "null" is an answer, and the Referer does not overrule it.
    expect(comesFromOurOrigin({ origin: 'null', referer }, OURS, REST)).toBe(false);
    expect(comesFromOurOrigin({ origin: 'https://evil.example', referer }, OURS, REST)).toBe(false);
    expect(comesFromOurOrigin({}, OURS, REST)).toBe(false);
  });
});
