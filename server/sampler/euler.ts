/**
 * One Euler step of the rectified-flow ODE (spec §1): x_{i+1} = x_i + (σ_{i+1} − σ_i) · v_i.
 * Arithmetic as diffusers' scheduler in float32: dt = f32(σ_{i+1} − σ_i), d = f32(dt·v), x' = f32(x + d).
 */
export function eulerStep(x: Float32Array, v: Float32Array, sigma: number, sigmaNext: number): Float32Array {
  if (x.length !== v.length) throw new RangeError(`eulerStep: sample has ${x.length} values, velocity ${v.length}`);
  const dt = Math.fround(sigmaNext - sigma);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + Math.fround(dt * v[i]!);
  return out;
}
