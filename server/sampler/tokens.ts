/**
 * Pixel ↔ token layout (docs/model-contract.md, "Pixel and token layout").
 * An image is [H, W, C] (row-major, channels last). Token t covers rows (t div gw)·p … and columns
 * (t mod gw)·p …; its P = p·p·C floats are ordered (py, px, c). The sampler keeps samples and velocities
 * in token layout [N, P]; noise is drawn in image layout so it does not depend on the patch size.
 */

export interface Geometry {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly patch: number;
}

export function tokenCount(g: Geometry): number {
  return (g.height / g.patch) * (g.width / g.patch);
}

export function tokenLength(g: Geometry): number {
  return g.patch * g.patch * g.channels;
}

/** Source offset in the [H, W, C] image of every element of the [N, P] token array. */
function forEachElement(g: Geometry, visit: (tokenOffset: number, imageOffset: number) => void): void {
  const { width: W, channels: C, patch: p } = g;
  const gw = W / p;
  const N = tokenCount(g);
  let k = 0;
  for (let t = 0; t < N; t++) {
    const y0 = Math.floor(t / gw) * p;
    const x0 = (t % gw) * p;
    for (let py = 0; py < p; py++) {
      for (let px = 0; px < p; px++) {
        const base = ((y0 + py) * W + x0 + px) * C;
        for (let c = 0; c < C; c++) visit(k++, base + c);
      }
    }
  }
}

export function patchify(image: Float32Array, g: Geometry): Float32Array {
  checkLength(image, g, 'patchify');
  const out = new Float32Array(image.length);
  forEachElement(g, (k, i) => (out[k] = image[i]!));
  return out;
}

export function unpatchify(tokens: Float32Array, g: Geometry): Float32Array {
  checkLength(tokens, g, 'unpatchify');
  const out = new Float32Array(tokens.length);
  forEachElement(g, (k, i) => (out[i] = tokens[k]!));
  return out;
}

/** Rows `idx` of a [N, P] array, in the order of `idx`, written `copies` times one after another ([copies, n, P]). */
export function gatherRows(src: Float32Array, P: number, idx: Int32Array, copies = 1): Float32Array {
  const n = idx.length;
  const out = new Float32Array(copies * n * P);
  for (let j = 0; j < n; j++) out.set(src.subarray(idx[j]! * P, idx[j]! * P + P), j * P);
  for (let b = 1; b < copies; b++) out.copyWithin(b * n * P, 0, n * P);
  return out;
}

/** A copy of `dst` ([N, P]) with rows `idx` replaced by the rows of `rows` ([n, P], order of `idx`). */
export function scatterRows(dst: Float32Array, P: number, idx: Int32Array, rows: Float32Array): Float32Array {
  if (rows.length !== idx.length * P) throw new RangeError(`scatterRows: ${rows.length} values for ${idx.length} rows of ${P}`);
  const out = dst.slice();
  for (let j = 0; j < idx.length; j++) out.set(rows.subarray(j * P, j * P + P), idx[j]! * P);
  return out;
}

/** [-1, 1] floats in image layout → RGB bytes, (x + 1)·127.5 rounded half up and clamped. */
export function toRgb8(image: Float32Array): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) {
    const v = Math.floor((image[i]! + 1) * 127.5 + 0.5);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

function checkLength(a: Float32Array, g: Geometry, what: string): void {
  const expected = g.height * g.width * g.channels;
  if (a.length !== expected || g.height % g.patch !== 0 || g.width % g.patch !== 0) {
    throw new RangeError(`${what}: ${a.length} values for ${g.height}×${g.width}×${g.channels} with patch ${g.patch}`);
  }
}
