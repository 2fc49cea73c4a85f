import sharp from 'sharp';
import { MediaError } from './media-error.js';

export interface ImagePreview {
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** Thumbnails fit in this square; large enough for a card, small enough for a list. */
export const THUMBNAIL_SIZE = 400;

// libvips keeps a cache of decoded images for reuse; a worker sees each image once.
sharp.cache(false);

/**
 * Reads the image's size and makes a WebP thumbnail with sharp. `maxPixels` goes to libvips as
 * `limitInputPixels`, checked from the header before anything is decoded: a decompression bomb
 * (a few kilobytes that inflate to gigapixels) fails here with a reason instead of taking the
 * worker's memory.
 */
export async function imagePreview(file: string | Buffer, maxPixels: number): Promise<ImagePreview> {
  const options = { limitInputPixels: maxPixels, failOn: 'error' } as const;
  try {
    const metadata = await sharp(file, options).metadata();
    const width = metadata.autoOrient?.width ?? metadata.width;
    const height = metadata.autoOrient?.height ?? metadata.height;
    if (!width || !height) throw new MediaError('the image has no dimensions');
    if (width * height > maxPixels) throw tooManyPixels(maxPixels, width, height);
    const thumbnail = await sharp(file, options).rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    return { width, height, thumbnail };
  } catch (error) {
    if (error instanceof MediaError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) throw tooManyPixels(maxPixels);
    throw new MediaError(`not a readable image: ${message.split('\n')[0]}`);
  }
}

/** Resizes a frame (a video's poster) to a WebP of at most `maxWidth`. */
export async function frameToWebp(frame: Buffer, maxWidth: number): Promise<Buffer> {
  return sharp(frame).resize({ width: maxWidth, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}

function tooManyPixels(maxPixels: number, width?: number, height?: number): MediaError {
  const size = width && height ? ` (${width} × ${height})` : '';
  return new MediaError(`the image is larger than ${maxPixels} pixels${size}: refused as a possible decompression bomb`);
}
