/** How a pipeline asset entry names an uploaded file: its `url` (an S3 key or a URL in the model) is this URI. */
const SCHEME = 'asset:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function uploadedAssetUrl(assetId: string): string {
  return `${SCHEME}${assetId}`;
}

/** The uploaded asset an entry points to, or null for a plain URL (or anything else). */
export function uploadedAssetIdOf(url: string): string | null {
  const id = url.startsWith(SCHEME) ? url.slice(SCHEME.length) : '';
  return UUID.test(id) ? id : null;
}
