import type { Principal } from './verifier.js';

/** The id others see for a principal, in presence and in author fields: the user's, or `api-key:<id>`. */
export function publicIdOf(principal: Principal): string {
  return principal.type === 'apiKey' ? `api-key:${principal.apiKeyId}` : principal.user.id;
}
