/**
 * Fidelity of the RAS image to the dense image of the same seed: PSNR and SSIM on 8-bit RGB (data range 255).
 * SSIM follows Wang et al. (2004) as scikit-image computes it with `gaussian_weights=True`: Gaussian window
 * σ = 1.5 truncated at 3.5σ (11 taps), scipy's `reflect` borders, population covariances, K1 = 0.01,
 * K2 = 0.03, the map averaged over the interior (5 pixels cropped from each side), then over channels.
 */

export interface Fidelity {
  /** dB; Infinity when the images are identical. */
  readonly psnr: number;
  readonly ssim: number;
}

export function psnr(a: Uint8Array, b: Uint8Array): number {
  sameSize(a, b);
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  if (se === 0) return Infinity;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

const SIGMA = 1.5;
const RADIUS = Math.trunc(3.5 * SIGMA + 0.5);

function gaussianTaps(): Float64Array {
  const w = Float64Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA)));
  const sum = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / sum);
}

/** scipy.ndimage `reflect` index: (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  const j = ((i % period) + period) % period;
  return j < n ? j : period - 1 - j;
}

/** Separable Gaussian filter of one H×W plane. */
function blur(plane: Float64Array, h: number, w: number, taps: Float64Array): Float64Array {
  const tmp = new Float64Array(h * w);
  const out = new Float64Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += taps[k + RADIUS]! * plane[y * w + reflect(x + k, w)]!;
      tmp[y * w + x] = s;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += taps[k + RADIUS]! * tmp[reflect(y + k, h) * w + x]!;
      out[y * w + x] = s;
    }
  return out;
}

function planeSsim(x: Float64Array, y: Float64Array, h: number, w: number): number {
  const taps = gaussianTaps();
  const f = (p: Float64Array) => blur(p, h, w, taps);
  const prod = (p: Float64Array, q: Float64Array) => p.map((v, i) => v * q[i]!);
  const [ux, uy, uxx, uyy, uxy] = [f(x), f(y), f(prod(x, x)), f(prod(y, y)), f(prod(x, y))];
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  let count = 0;
  for (let r = RADIUS; r < h - RADIUS; r++)
    for (let c = RADIUS; c < w - RADIUS; c++) {
      const i = r * w + c;
      const mx = ux[i]!;
      const my = uy[i]!;
      const vx = uxx[i]! - mx * mx;
      const vy = uyy[i]! - my * my;
      const vxy = uxy[i]! - mx * my;
      sum += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  return sum / count;
}

/** Mean SSIM of two H×W×C (channels-last) 8-bit images. */
export function ssim(a: Uint8Array, b: Uint8Array, height: number, width: number, channels: number): number {
  sameSize(a, b);
  if (a.length !== height * width * channels) throw new RangeError(`ssim: ${a.length} values for ${height}×${width}×${channels}`);
  if (height <= 2 * RADIUS || width <= 2 * RADIUS) throw new RangeError(`ssim: image smaller than ${2 * RADIUS + 1}×${2 * RADIUS + 1}`);
  let total = 0;
  for (let c = 0; c < channels; c++) {
    const pa = new Float64Array(height * width);
    const pb = new Float64Array(height * width);
    for (let i = 0; i < height * width; i++) {
      pa[i] = a[i * channels + c]!;
      pb[i] = b[i * channels + c]!;
    }
    total += planeSsim(pa, pb, height, width);
  }
  return total / channels;
}

export function fidelity(a: Uint8Array, b: Uint8Array, height: number, width: number, channels: number): Fidelity {
  return { psnr: psnr(a, b), ssim: ssim(a, b, height, width, channels) };
}

function sameSize(a: Uint8Array, b: Uint8Array): void {
  if (a.length !== b.length) throw new RangeError(`images differ in size: ${a.length} vs ${b.length} values`);
}
