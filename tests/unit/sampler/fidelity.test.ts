import { describe, expect, it } from 'vitest';
import { fidelity, psnr, ssim } from '@/server/sampler/fidelity';
import golden from './golden/fidelity.json';

describe('fidelity', () => {
  const a = Uint8Array.from(golden.a);
  const b = Uint8Array.from(golden.b);

  it('matches the numpy PSNR and scikit-image-style SSIM (golden)', () => {
    expect(psnr(a, b)).toBeCloseTo(golden.psnr, 10);
    expect(ssim(a, b, golden.height, golden.width, golden.channels)).toBeCloseTo(golden.ssim, 10);
  });

  it('is perfect for identical images', () => {
    expect(fidelity(a, a, golden.height, golden.width, golden.channels)).toEqual({ psnr: Infinity, ssim: 1 });
  });

  it('refuses images of different sizes', () => {
    expect(() => psnr(a, b.subarray(1))).toThrow(/differ/);
  });
});
