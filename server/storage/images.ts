import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sha256 } from '../auth/tokens';
import { dataDir } from '../env';

export interface StoredImage {
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
}

export const MAX_IMAGE_PIXELS = 4096 * 4096;

const imagesDir = () => path.join(dataDir(), 'images');

/**
 * The one encoding path for every image a participant sees, whatever its condition: decode, drop alpha onto
 * white, re-encode as 8-bit RGB PNG with fixed settings and no metadata (sharp writes none unless asked).
 */
export async function normalizeImage(input: Buffer): Promise<{ png: Buffer; width: number; height: number }> {
  let image;
  try {
    image = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
  } catch {
    throw new Error('not a readable image (PNG, JPEG or WebP expected)');
  }
  const { data, info } = await image.flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const png = await encodePng(data, info.width, info.height);
  return { png, width: info.width, height: info.height };
}

export function encodePng(rgb: Uint8Array | Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9, adaptiveFiltering: false, palette: false }).toBuffer();
}

/** Content-addressed store: the same pixels always land in the same file, so retries never duplicate. */
export function storePng(png: Buffer): string {
  const key = sha256(png.toString('base64')).slice(0, 40);
  const dir = imagesDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.png`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, png);
    fs.renameSync(tmp, file);
  }
  return key;
}

export function readStoredImage(storageKey: string): Buffer {
  if (!/^[a-f0-9]{40}$/.test(storageKey)) throw new Error('bad storage key');
  return fs.readFileSync(path.join(imagesDir(), `${storageKey}.png`));
}
