/**
 * Reader for NumPy's `.npy` arrays and `.npz` archives (the training data set is written by numpy), enough for
 * little-endian, C-ordered arrays of the integer and float types the data set uses.
 */
import { unzipSync } from 'fflate';

export type NpyData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface NpyArray {
  readonly dtype: string;
  readonly shape: number[];
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const TYPES: Record<string, { bytes: number; make: (buf: ArrayBuffer, offset: number, length: number) => NpyData }> = {
  '|u1': { bytes: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  '|i1': { bytes: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  '<i2': { bytes: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  '<i4': { bytes: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  '<f4': { bytes: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  '<f8': { bytes: 8, make: (b, o, n) => new Float64Array(b, o, n) },
};

export function parseNpy(bytes: Uint8Array, name = 'array'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error(`${name}: not a .npy file`);
  const major = bytes[6]!;
  const headerLength = major === 1 ? bytes[8]! | (bytes[9]! << 8) : new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${name}: unreadable .npy header ${header.trim()}`);
  if (fortran === 'True') throw new Error(`${name}: Fortran-ordered arrays are not supported`);
  const type = TYPES[descr];
  if (!type) throw new Error(`${name}: dtype ${descr} is not supported (${Object.keys(TYPES).join(', ')})`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  if (bytes.length - start !== count * type.bytes) {
    throw new Error(`${name}: ${bytes.length - start} data bytes, shape ${shape.join('×')} of ${descr} needs ${count * type.bytes}`);
  }
  // Copy into an aligned buffer: typed arrays need their offset to be a multiple of the element size.
  const aligned = bytes.slice(start).buffer;
  return { dtype: descr, shape, data: type.make(aligned, 0, count) };
}

/** Every array of an `.npz` archive, by name without the `.npy` suffix. */
export function parseNpz(bytes: Uint8Array): Record<string, NpyArray> {
  const files = unzipSync(bytes);
  const out: Record<string, NpyArray> = {};
  for (const [file, content] of Object.entries(files)) {
    if (!file.endsWith('.npy')) continue;
    const name = file.slice(0, -4);
    out[name] = parseNpy(content, file);
  }
  return out;
}
