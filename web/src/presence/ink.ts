/** Relative luminance (WCAG 2) of a "#rrggbb" colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * White or near-black, whichever reads better on a person's colour: the server picks hues evenly
 * around the wheel, and white initials on a yellow or green one would be hard to read.
 */
export function inkOn(hex: string): string {
  const background = luminance(hex);
  const onWhite = 1.05 / (background + 0.05);
  const onDark = (background + 0.05) / (luminance('#1d2333') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#1d2333';
}
