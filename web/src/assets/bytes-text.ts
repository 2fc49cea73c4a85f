const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** "512 bytes", "1.4 MB", "200 MB": sizes as file managers show them (1 KB = 1,024 bytes). */
export function bytesText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${UNITS[unit]}`;
}
