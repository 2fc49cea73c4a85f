/**
 * A label's colour comes from its name alone, so every browser shows "bug" the same colour
 * without storing one. The colours are design tokens (web/src/styles/tokens.css); each pair has
 * text dark enough on its background (WCAG AA, at least 4.5:1).
 */
export const LABEL_PALETTE = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ background: `var(--label-${n}-bg)`, color: `var(--label-${n}-ink)` }));

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
