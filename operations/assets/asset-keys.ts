/**
 * Where an asset's files live in the blob store. Every key is made of ids we generated: a file's
 * name never becomes a key or a path. Clients may write only to the staging key (their signed
 * upload); `complete` moves the file to its asset key, which only the server writes.
 */
export function assetKeyOf(projectId: string, assetId: string): string {
  return `assets/${projectId}/${assetId}`;
}

export function stagingKeyOf(projectId: string, assetId: string): string {
  return `uploads/${projectId}/${assetId}`;
}

export function thumbnailKeyOf(projectId: string, assetId: string): string {
  return `derived/${projectId}/${assetId}/thumbnail.webp`;
}

export function posterKeyOf(projectId: string, assetId: string): string {
  return `derived/${projectId}/${assetId}/poster.webp`;
}
