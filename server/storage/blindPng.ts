/**
 * The blind encoding. Compressed PNGs leak the condition: RAS images compress worse than dense ones, so "the
 * larger file is RAS" guessed 86 % of the demo study's trials from the response length alone. Every image a
 * participant can fetch is therefore stored as an 8-bit RGB PNG whose zlib stream uses stored (uncompressed)
 * blocks and no row filters: its length, and every byte outside the pixel data, depend only on width and
 * height. Two images of one comparison have the same dimensions (the upload refuses otherwise), so they have
 * the same length, the same chunk layout and the same headers; nothing but the pixels differs. The cost is
 * size: 3 bytes a pixel (12 KB at 64×64, 3 MB at 1024×1024).
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const MAX_STORED_BLOCK = 65535;

/** A zlib stream of stored (uncompressed) deflate blocks: its length depends only on the input's length. */
function storedZlib(raw: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(raw.length / MAX_STORED_BLOCK));
  const out = Buffer.alloc(2 + raw.length + 5 * blocks + 4);
  out.set([0x78, 0x01], 0);
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * MAX_STORED_BLOCK, (b + 1) * MAX_STORED_BLOCK);
    out[at] = b === blocks - 1 ? 1 : 0;
    out.writeUInt16LE(part.length, at + 1);
    out.writeUInt16LE(~part.length & 0xffff, at + 3);
    part.copy(out, at + 5);
    at += 5 + part.length;
  }
  out.writeUInt32BE(adler32(raw), at);
  return out;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552); // the largest run before the sums must be reduced
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Written here rather than by sharp so that the layout cannot change with a library version. */
export async function encodeBlindPng(rgb: Uint8Array | Buffer, width: number, height: number): Promise<Buffer> {
  if (!(width > 0 && height > 0) || rgb.length !== width * height * 3) throw new RangeError(`encodeBlindPng: ${rgb.length} bytes for ${width}×${height}×3`);
  const stride = 3 * width;
  const raw = Buffer.alloc(height * (1 + stride));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (1 + stride) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, no filter method variants, no interlace
  const png = Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', storedZlib(raw)), chunk('IEND', Buffer.alloc(0))]);
  if (png.length !== blindPngLength(width, height)) throw new Error(`encodeBlindPng: ${png.length} bytes, expected ${blindPngLength(width, height)}`);
  return png;
}

/**
 * Length of the blind encoding: signature, IHDR, one IDAT (zlib header, stored blocks of ≤ 65535 bytes with a
 * 5-byte header each, Adler-32) and IEND. The raw stream is one filter byte (0) and 3·width bytes per row.
 */
export function blindPngLength(width: number, height: number): number {
  const raw = height * (1 + 3 * width);
  const blocks = Math.max(1, Math.ceil(raw / 65535));
  const idat = 2 + raw + 5 * blocks + 4;
  return 8 + (12 + 13) + (12 + idat) + 12;
}
