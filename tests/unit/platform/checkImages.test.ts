import { describe, expect, it } from 'vitest';
import { attentionCheckCount, pickChecks } from '@/server/participation/assignment';
import { checkAnswer } from '@/server/participation/simulate';
import { attentionCheckPassed } from '@/server/results/votes';
import { degradedCopy, imperceptibleCopy } from '@/server/studies/checkImages';
import { mulberry32 } from '@/server/stats/prng';
import { blindPngLength, encodeBlindPng } from '@/server/storage/blindPng';
import { scoreAOverB } from '@/server/participation/choices';

const gradient = (w: number, h: number) => Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256);

describe('attention-check copies', () => {
  it('an imperceptible copy differs by exactly one level in a few pixels', () => {
    const rgb = gradient(32, 32);
    const copy = imperceptibleCopy(rgb, mulberry32(1));
    const diffs = rgb.map((v, i) => Math.abs(v - copy[i]!));
    expect(Math.max(...diffs)).toBe(1);
    expect(diffs.filter((d) => d > 0).length).toBeGreaterThanOrEqual(4);
    expect(diffs.filter((d) => d > 0).length).toBeLessThanOrEqual(8);
  });

  it('a degraded copy is visibly different: mean absolute difference of many levels', async () => {
    const rgb = gradient(64, 64);
    const copy = await degradedCopy(rgb, 64, 64, mulberry32(2));
    const mean = rgb.reduce((s, v, i) => s + Math.abs(v - copy[i]!), 0) / rgb.length;
    expect(mean).toBeGreaterThan(10);
  });
});

describe('check assignment', () => {
  const checks = [
    { id: 'i1', kind: 'IDENTICAL' as const },
    { id: 'i2', kind: 'IDENTICAL' as const },
    { id: 'd1', kind: 'DEGRADED' as const },
    { id: 'd2', kind: 'DEGRADED' as const },
  ];
  it('at least one check of each enabled kind, however low the rate', () => {
    expect(attentionCheckCount(10, 0.01, 4, 2)).toBe(2);
    expect(attentionCheckCount(10, 0.3, 4, 2)).toBe(3);
    expect(attentionCheckCount(10, 0, 4, 2)).toBe(0);
    for (let seed = 0; seed < 20; seed++) {
      const picked = pickChecks(checks, 2, ['IDENTICAL', 'DEGRADED'], mulberry32(seed));
      expect(picked.map((id) => id[0]).sort()).toEqual(['d', 'i']);
    }
    expect(pickChecks(checks, 3, ['DEGRADED'], mulberry32(3)).sort()).toEqual(['d1', 'd2']);
  });

  it('no single answer passes both kinds; the right answers do, on either side', () => {
    for (const leftIsA of [true, false]) {
      for (let choice = 1; choice <= 5; choice++) {
        const identical = attentionCheckPassed('IDENTICAL', choice, scoreAOverB(choice, leftIsA));
        const degraded = attentionCheckPassed('DEGRADED', choice, scoreAOverB(choice, leftIsA));
        expect(identical && degraded).toBe(false);
      }
      for (const kind of ['IDENTICAL', 'DEGRADED'] as const) {
        const pass = checkAnswer(kind, leftIsA, true);
        expect(attentionCheckPassed(kind, pass, scoreAOverB(pass, leftIsA))).toBe(true);
        const fail = checkAnswer(kind, leftIsA, false);
        expect(attentionCheckPassed(kind, fail, scoreAOverB(fail, leftIsA))).toBe(false);
      }
    }
  });
});

describe('the blind encoding', () => {
  it('has a length that depends only on width and height, and decodes to the same pixels', async () => {
    const sharp = (await import('sharp')).default;
    for (const [w, h] of [[1, 1], [24, 24], [64, 64], [300, 257]] as const) {
      const flat = new Uint8Array(w * h * 3).fill(255);
      const noisy = Uint8Array.from({ length: w * h * 3 }, () => Math.floor(Math.random() * 256));
      const [a, b] = [await encodeBlindPng(flat, w, h), await encodeBlindPng(noisy, w, h)];
      expect(a.length).toBe(blindPngLength(w, h));
      expect(b.length).toBe(a.length);
      expect(a.subarray(0, 41).equals(b.subarray(0, 41))).toBe(true); // signature, IHDR, IDAT header and zlib header
      expect(Buffer.compare(await sharp(b).raw().toBuffer(), Buffer.from(noisy))).toBe(0);
    }
  });

  it('refuses pixels that do not match the dimensions', async () => {
    await expect(encodeBlindPng(new Uint8Array(10), 2, 2)).rejects.toThrow(/10 bytes for 2×2×3/);
  });
});
