/** PNG encoding of 8-bit RGB(A) pixels through sharp; no metadata is written. */
import sharp from 'sharp';

export async function encodePng(rgb: Uint8Array, width: number, height: number, channels: 3 | 4 = 3): Promise<Buffer> {
  if (rgb.length !== width * height * channels) {
    throw new RangeError(`encodePng: ${rgb.length} bytes for ${width}×${height}×${channels}`);
  }
  return sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), { raw: { width, height, channels } })
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toBuffer();
}
