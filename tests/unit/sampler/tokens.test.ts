import { describe, expect, it } from 'vitest';
import { initialNoise } from '@/server/sampler/noise';
import { normals } from '@/server/sampler/prng';
import { gatherRows, patchify, scatterRows, toRgb8, unpatchify } from '@/server/sampler/tokens';

describe('patchify', () => {
  const g = { height: 4, width: 6, channels: 3, patch: 2 };
  const image = Float32Array.from({ length: 4 * 6 * 3 }, (_, i) => i);

  it('orders a token as (py, px, c) and tokens row-major over the grid', () => {
    const t = patchify(image, g);
    // token 1 = grid row 0, column 1: pixels (0,2),(0,3),(1,2),(1,3)
    const px = (y: number, x: number) => [0, 1, 2].map((c) => (y * 6 + x) * 3 + c);
    expect(Array.from(t.subarray(12, 24))).toEqual([...px(0, 2), ...px(0, 3), ...px(1, 2), ...px(1, 3)]);
    // token 3 = grid row 1, column 0
    expect(Array.from(t.subarray(36, 39))).toEqual(px(2, 0));
  });

  it('round-trips', () => {
    expect(Array.from(unpatchify(patchify(image, g), g))).toEqual(Array.from(image));
  });
});

describe('rows', () => {
  it('gathers rows in index order, repeated per batch row, and scatters them back', () => {
    const src = Float32Array.of(0, 0, 1, 1, 2, 2, 3, 3);
    const idx = Int32Array.of(3, 1);
    expect(Array.from(gatherRows(src, 2, idx, 2))).toEqual([3, 3, 1, 1, 3, 3, 1, 1]);
    expect(Array.from(scatterRows(src, 2, idx, Float32Array.of(9, 9, 8, 8)))).toEqual([0, 0, 8, 8, 2, 2, 9, 9]);
  });
});

describe('initialNoise', () => {
  it('is the seed’s normals in image layout, patchified', () => {
    const g = { height: 4, width: 4, channels: 3, patch: 2 };
    const noise = initialNoise(11, g);
    expect(Array.from(unpatchify(noise, g))).toEqual(Array.from(normals(11, 48)));
  });

  it('is the same picture for any patch size', () => {
    const a = unpatchify(initialNoise(5, { height: 8, width: 8, channels: 3, patch: 2 }), { height: 8, width: 8, channels: 3, patch: 2 });
    const b = unpatchify(initialNoise(5, { height: 8, width: 8, channels: 3, patch: 4 }), { height: 8, width: 8, channels: 3, patch: 4 });
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('toRgb8', () => {
  it('maps [-1, 1] to [0, 255], rounding and clamping', () => {
    expect(Array.from(toRgb8(Float32Array.of(-1, 1, 0, -2, 2)))).toEqual([0, 255, 128, 0, 255]);
  });
});
