/**
 * The file types the server accepts (operations/assets/asset-types.ts, which imports server code
 * and cannot be bundled; test/web-limits.test.ts keeps this copy equal to it), and how a file
 * picked in the browser is matched to one.
 */
export const ACCEPTED_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime', 'video/webm', 'application/pdf'] as const;
export type AcceptedUploadType = (typeof ACCEPTED_UPLOAD_TYPES)[number];

/** For the file picker's `accept`: the types, so the picker offers only files that can go. */
export const ACCEPT_ANY = ACCEPTED_UPLOAD_TYPES.join(',');
export const ACCEPT_VIDEO = ACCEPTED_UPLOAD_TYPES.filter((type) => type.startsWith('video/')).join(',');

/** "PNG, JPEG, GIF, WebP, MP4, MOV, WebM or PDF": what a refusal names. */
export const ACCEPTED_TYPES_TEXT = 'PNG, JPEG, GIF, WebP images, MP4, MOV or WebM videos, or PDFs';

/** Some systems give no type for a file (or an odd one): its extension then says what it claims to be; the server checks the bytes either way. */
const BY_EXTENSION: Record<string, AcceptedUploadType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  pdf: 'application/pdf',
};

const isAccepted = (type: string): type is AcceptedUploadType => (ACCEPTED_UPLOAD_TYPES as readonly string[]).includes(type);

/** The type to announce for `file`, or null when the server would not take it. */
export function uploadTypeOf(file: { name: string; type: string }): AcceptedUploadType | null {
  if (isAccepted(file.type)) return file.type;
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  return BY_EXTENSION[extension] ?? null;
}

/** "Video", "Image", "PDF": a file's kind in a word, for lists. */
export function kindText(type: string | null): string {
  if (!type) return 'File';
  if (type.startsWith('image/')) return 'Image';
  if (type.startsWith('video/')) return 'Video';
  if (type === 'application/pdf') return 'PDF';
  return 'File';
}
