/**
 * A label's colour comes from its name alone, so every browser shows "bug" the same colour
 * without storing one. Each pair has text dark enough on its background (WCAG AA, at least 4.5:1).
 */
export const LABEL_PALETTE = [
  { background: '#dbeafe', color: '#1e3a8a' },
  { background: '#dcfce7', color: '#14532d' },
  { background: '#fef3c7', color: '#78350f' },
  { background: '#fce7f3', color: '#831843' },
  { background: '#ede9fe', color: '#4c1d95' },
  { background: '#ffedd5', color: '#7c2d12' },
  { background: '#cffafe', color: '#164e63' },
  { background: '#fee2e2', color: '#7f1d1d' },
] as const;

/** FNV-1a over the lower-cased name: stable across browsers and sessions. */
export function labelColourIndex(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name.trim().toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % LABEL_PALETTE.length;
}

export const labelColour = (name: string) => LABEL_PALETTE[labelColourIndex(name)]!;
