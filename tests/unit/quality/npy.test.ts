import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseNpy, parseNpz } from '@/server/quality/npy';

/** A .npy file as numpy.save writes it (format 1.0: header padded with spaces to a multiple of 64, then '\n'). */
function npy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

describe('parseNpy', () => {
  it('reads shape and values of little-endian arrays of each supported type', () => {
    const i16 = Int16Array.from([-3, 0, 7, 300, -32768, 5]);
    const a = parseNpy(npy('<i2', [2, 3], new Uint8Array(i16.buffer)));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual(Array.from(i16));
    const f32 = Float32Array.from([1.5, -2.25]);
    expect(Array.from(parseNpy(npy('<f4', [2], new Uint8Array(f32.buffer))).data)).toEqual([1.5, -2.25]);
    expect(Array.from(parseNpy(npy('|u1', [3], Uint8Array.from([0, 128, 255]))).data)).toEqual([0, 128, 255]);
  });

  it('refuses a file that is not .npy, an unsupported dtype, and a data size that does not match the shape', () => {
    expect(() => parseNpy(new Uint8Array(20))).toThrow(/not a .npy file/);
    expect(() => parseNpy(npy('>i4', [1], new Uint8Array(4)))).toThrow(/dtype >i4 is not supported/);
    expect(() => parseNpy(npy('<i4', [3], new Uint8Array(8)))).toThrow(/8 data bytes/);
  });
});

describe('parseNpz', () => {
  it('reads every array of the archive by name', () => {
    const archive = zipSync({
      'label.npy': npy('<i2', [2], new Uint8Array(Int16Array.from([4, 9]).buffer)),
      'split.npy': npy('|i1', [2], Uint8Array.from([0, 1])),
    });
    const z = parseNpz(archive);
    expect(Object.keys(z).sort()).toEqual(['label', 'split']);
    expect(Array.from(z.label!.data)).toEqual([4, 9]);
    expect(Array.from(z.split!.data)).toEqual([0, 1]);
  });
});
