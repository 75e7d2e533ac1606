/**
 * The images of attention checks. Each check shows a prompt's first-condition image beside a copy of it:
 *  - IDENTICAL: the copy differs from the original in a few pixels by one level of one channel. Invisible, but
 *    no check is ever two byte-identical files, which a script could spot without looking.
 *  - DEGRADED: the copy is strongly blurred and noised, so the intact side is clearly better to anyone who
 *    looks, and answering "similar" to everything fails these checks.
 * Both are made once, when the comparisons are created, and stored in the blind encoding like every image.
 */
import sharp from 'sharp';
import { cryptoRng, type Rng } from '../participation/assignment';
import { decodeStoredImage, encodePng, storePng } from '../storage/images';

export interface CheckImageKeys {
  identical: string;
  degraded: string;
}

/** Pixels changed by ±1 in one channel: one in 256, at least 8. */
export function imperceptibleCopy(rgb: Uint8Array, rng: Rng): Uint8Array {
  const out = Uint8Array.from(rgb);
  const pixels = rgb.length / 3;
  const count = Math.min(pixels, Math.max(8, Math.round(pixels / 256)));
  for (let k = 0; k < count; k++) {
    const at = 3 * Math.floor(rng() * pixels) + Math.floor(rng() * 3);
    out[at] = out[at]! === 255 ? 254 : out[at]! + 1;
  }
  return out;
}

/** Blur with σ = 1/24 of the shorter side (at least 2 px), then Gaussian noise of 16 levels. */
export async function degradedCopy(rgb: Uint8Array, width: number, height: number, rng: Rng): Promise<Uint8Array> {
  const sigma = Math.max(2, Math.min(width, height) / 24);
  const blurred = await sharp(Buffer.from(rgb), { raw: { width, height, channels: 3 } }).blur(sigma).raw().toBuffer();
  const out = new Uint8Array(blurred.length);
  for (let i = 0; i < blurred.length; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    out[i] = Math.max(0, Math.min(255, Math.round(blurred[i]! + 16 * gaussian)));
  }
  return out;
}

/** Makes and stores both check copies of each stored image; keyed by the original's storage key. */
export async function makeCheckImages(storageKeys: string[], rng: Rng = cryptoRng): Promise<Map<string, CheckImageKeys>> {
  const out = new Map<string, CheckImageKeys>();
  for (const key of new Set(storageKeys)) {
    const { rgb, width, height } = await decodeStoredImage(key);
    out.set(key, {
      identical: await storePng(await encodePng(imperceptibleCopy(rgb, rng), width, height)),
      degraded: await storePng(await encodePng(await degradedCopy(rgb, width, height, rng), width, height)),
    });
  }
  return out;
}
