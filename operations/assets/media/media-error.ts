/**
 * The file itself cannot be previewed (too many pixels, not a readable image or video): the asset
 * fails with this reason and the job ends. Anything else thrown (storage unreachable) is retried.
 */
export class MediaError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MediaError';
  }
}

/** A tool we shell out to is not installed: the asset is kept, without a preview, and says why. */
export class MissingToolError extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not installed`);
    this.name = 'MissingToolError';
  }
}
