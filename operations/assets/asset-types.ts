import { fileTypeFromBuffer } from 'file-type';

/** The types we accept, and what processing makes of each. */
export const ACCEPTED_TYPES = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'application/pdf': 'document',
} as const;

export type AcceptedType = keyof typeof ACCEPTED_TYPES;
export type AssetKind = (typeof ACCEPTED_TYPES)[AcceptedType];
export const ACCEPTED_TYPE_NAMES = Object.keys(ACCEPTED_TYPES) as [AcceptedType, ...AcceptedType[]];

/** How many leading bytes detection reads (file-type's own "reasonable" sample: enough for mp4/mov boxes). */
export const DETECTION_BYTES = 4_100;

export function isAcceptedType(type: string): type is AcceptedType {
  return Object.hasOwn(ACCEPTED_TYPES, type);
}

export function kindOf(type: string): AssetKind | null {
  return isAcceptedType(type) ? ACCEPTED_TYPES[type] : null;
}

/** What the file's first bytes say it is (magic numbers, never the name or the declared type); null when unknown. */
export async function detectType(firstBytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(firstBytes);
  return found?.mime ?? null;
}
