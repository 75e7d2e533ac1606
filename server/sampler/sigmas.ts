/**
 * Sigma schedule of diffusers' `FlowMatchEulerDiscreteScheduler` with a static shift (spec §1).
 *
 * diffusers (float32 tensors, float64 numpy in between):
 *   train sigmas      s_k = k / T_train, k = T_train … 1, shifted: shift(s) = a·s / (1 + (a − 1)·s)
 *   sigma_max         = shift(1) = 1,  sigma_min = shift(1 / T_train)  (computed in float32)
 *   set_timesteps(n)  t = linspace(sigma_max·T_train, sigma_min·T_train, n) (float64), σ = shift(t / T_train),
 *                     cast to float32, then a final 0 is appended. Timestep fed to the model = σ·T_train (float32).
 * The float32 roundings are reproduced with Math.fround so the values match diffusers bit for bit.
 */

const f32 = Math.fround;

export interface SigmaSchedule {
  /** n + 1 float32 values, descending, the last one 0. */
  readonly sigmas: Float32Array;
  /** n float32 values: σ_i · T_train, what the model receives. */
  readonly timesteps: Float32Array;
}

/** The static shift in float64, as diffusers applies it to the numpy schedule. */
export function shiftSigma(sigma: number, shift: number): number {
  return (shift * sigma) / (1 + (shift - 1) * sigma);
}

/** Smallest training sigma after the shift, computed in float32 like diffusers' constructor. */
export function sigmaMin(shift: number, trainTimesteps: number): number {
  return shiftSigmaF32(f32(1 / trainTimesteps), shift);
}

/** numpy.linspace(start, stop, num) (endpoint included), same arithmetic as numpy. */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = new Array<number>(num);
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  out[num - 1] = stop;
  return out;
}

export function flowMatchSigmas(steps: number, shift: number, trainTimesteps = 1000): SigmaSchedule {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be an integer ≥ 1, got ${steps}`);
  if (!(shift > 0)) throw new RangeError(`shift must be > 0, got ${shift}`);
  const sigmaMax = shiftSigmaF32(1, shift);
  const t = linspace(sigmaMax * trainTimesteps, sigmaMin(shift, trainTimesteps) * trainTimesteps, steps);
  const sigmas = new Float32Array(steps + 1);
  const timesteps = new Float32Array(steps);
  for (let i = 0; i < steps; i++) {
    sigmas[i] = shiftSigma(t[i]! / trainTimesteps, shift);
    timesteps[i] = sigmas[i]! * trainTimesteps;
  }
  return { sigmas, timesteps };
}

/** The shift on a float32 training sigma, every operation rounded to float32 (torch float32 arithmetic). */
function shiftSigmaF32(sigma: number, shift: number): number {
  return f32(f32(f32(shift) * sigma) / f32(1 + f32(f32(shift - 1) * sigma)));
}
