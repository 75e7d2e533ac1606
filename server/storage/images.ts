import sharp from 'sharp';
import { sha256 } from '../auth/tokens';
import { notFound } from '../http/errors';
import { blindPngLength, encodeBlindPng } from './blindPng';
import { getImage, putImage } from './store';

export { encodeBlindPng as encodePng } from './blindPng';

export interface StoredImage {
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
}

export const MAX_IMAGE_PIXELS = 4096 * 4096;

/**
 * The one encoding path for every image a participant sees, whatever its condition: decode, drop alpha onto
 * white, re-encode in the blind encoding (see blindPng.ts: the file's every byte but the pixels is a function
 * of width and height). PNG, JPEG and WebP only: the formats the upload form names.
 */
export async function normalizeImage(input: Buffer): Promise<{ png: Buffer; width: number; height: number }> {
  let image;
  try {
    image = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    if (!['png', 'jpeg', 'webp'].includes(meta.format ?? '')) throw new Error(`format ${meta.format}`);
  } catch {
    throw new Error('not a readable image (PNG, JPEG or WebP expected)');
  }
  const { data, info } = await image.flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const png = await encodeBlindPng(data, info.width, info.height);
  return { png, width: info.width, height: info.height };
}

/** The raw RGB pixels of a stored image. */
export async function decodeStoredImage(storageKey: string): Promise<{ rgb: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(await readStoredImage(storageKey)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

export const storageKeyOf = (png: Buffer) => sha256(png.toString('base64')).slice(0, 40);

/** Content-addressed (the image store, store.ts): the same pixels always get the same key, so retries never duplicate. */
export async function storePng(png: Buffer): Promise<string> {
  const key = storageKeyOf(png);
  await putImage(key, png);
  return key;
}

export async function readStoredImage(storageKey: string): Promise<Buffer> {
  if (!/^[a-f0-9]{40}$/.test(storageKey)) throw new Error('bad storage key');
  const png = await getImage(storageKey);
  if (!png) throw notFound(`stored image ${storageKey} is missing from the image store`);
  return png;
}

/** Whether a stored file is already in the blind encoding (images stored before it existed are not). */
export function isBlindEncoded(png: Buffer, width: number, height: number): boolean {
  return png.length === blindPngLength(width, height);
}
