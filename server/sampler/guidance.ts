/**
 * Classifier-free guidance (spec §1): v = v_uncond + g·(v_cond − v_uncond), in float32 like diffusers.
 * The model runs both halves as one batch: row 0 is the unconditional (all-pad) caption, row 1 the prompt.
 */

/** Whether the batch carries an unconditional row. With g = 1 the formula is the conditional output. */
export function usesGuidance(scale: number): boolean {
  return scale !== 1;
}

/**
 * Combine a model output of `batch` rows (each `rowLength` floats) into one guided row.
 * batch 1 → the row itself (a copy); batch 2 → CFG of row 0 (uncond) and row 1 (cond).
 */
export function guide(output: Float32Array, batch: 1 | 2, rowLength: number, scale: number): Float32Array {
  if (output.length !== batch * rowLength) {
    throw new RangeError(`guide: output has ${output.length} values, expected ${batch}×${rowLength}`);
  }
  if (batch === 1) return output.slice(0, rowLength);
  const out = new Float32Array(rowLength);
  const g = Math.fround(scale);
  for (let i = 0; i < rowLength; i++) {
    const u = output[i]!;
    out[i] = u + Math.fround(g * Math.fround(output[rowLength + i]! - u));
  }
  return out;
}
