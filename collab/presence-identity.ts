import { createHash } from 'node:crypto';
import { publicIdOf } from '../identity/public-id.js';
import type { Principal } from '../identity/verifier.js';

/** Who a presence state belongs to, as every other client sees it. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** A stable colour per person (unless they chose one), so someone looks the same to everyone on every board. */
function colorFor(id: string): string {
  const hue = createHash('sha256').update(id).digest().readUInt16BE(0) % 360;
  return hslToHex(hue, 0.65, 0.45);
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Per principal (one per connection, replaced when a token is refreshed): presence is stamped on every cursor move. */
const stamped = new WeakMap<Principal, PresenceUser>();

export function presenceUserOf(principal: Principal): PresenceUser {
  let user = stamped.get(principal);
  if (!user) {
    user = identityOf(principal);
    stamped.set(principal, user);
  }
  return user;
}

function identityOf(principal: Principal): PresenceUser {
  const id = publicIdOf(principal);
  const name = principal.type === 'apiKey' ? 'API key' : principal.user.name || principal.user.email;
  const chosen = principal.type === 'user' ? principal.user.color : null;
  return { id, name, color: chosen ?? colorFor(id) };
}
