/**
 * The sampling loop: rectified-flow Euler with CFG, dense or region-adaptive (RAS) per the plan.
 * The DiT is anything with `forward` (the ONNX session, or a stand-in in tests).
 */
import { guide } from './guidance';
import type { DitSession } from './onnxModel';
import { advance, initialRasState, selectNext, type RasState, type TokenShape } from './rasState';
import type { RasPlan } from './rasSchedule';
import type { SelectionParams } from './rasSelection';
import type { SigmaSchedule } from './sigmas';
import { gatherRows } from './tokens';

export interface SampleInput {
  /** Initial noise, token layout [N, P]. */
  readonly noise: Float32Array;
  /** [B, T] caption ids; with B = 2 row 0 is the unconditional (all-pad) caption. */
  readonly textIds: BigInt64Array;
  /** [B, T] word counts of the collapsed captions. */
  readonly textCount: Float32Array;
  readonly batch: 1 | 2;
  readonly guidance: number;
  readonly sigmas: SigmaSchedule;
  readonly plan: RasPlan;
  readonly selection: SelectionParams;
  readonly shape: TokenShape;
}

export interface SampleOutput {
  readonly state: RasState;
  /** Wall time of each step (forward, guidance, Euler, selection), ms. */
  readonly stepMs: number[];
  /** The DiT forward's share of each step, ms (0 when no token was active). */
  readonly forwardMs: number[];
  /** Tokens processed at each step. */
  readonly activeTokens: number[];
}

export async function sample(dit: Pick<DitSession, 'forward' | 'newCache'>, input: SampleInput): Promise<SampleOutput> {
  const { batch: B, shape, plan, sigmas } = input;
  const P = input.noise.length / shape.tokens;
  const stepMs: number[] = [];
  const forwardMs: number[] = [];
  const activeTokens: number[] = [];
  // 1. State: the noise, no velocity yet, every token active, a zeroed cache (the first step is dense).
  let state = initialRasState(input.noise, shape, dit.newCache(B));
  for (let i = 0; i < plan.dense.length; i++) {
    const started = performance.now();
    const n = state.active.length;
    // 2. DiT forward of the active tokens (both CFG rows in one batch); it refreshes their cache rows.
    let fresh: Float32Array = new Float32Array(0);
    let cache = state.cache;
    let forwardTime = 0;
    if (n > 0) {
      const xActive = gatherRows(state.x, P, state.active, B);
      const forwardStarted = performance.now();
      const out = await dit.forward({ batch: B, active: state.active, xActive, timestep: sigmas.timesteps[i]!, textIds: input.textIds, textCount: input.textCount }, cache);
      forwardTime = performance.now() - forwardStarted;
      // 3. Classifier-free guidance.
      fresh = guide(out.vActive, B, n * P, input.guidance);
      cache = out.cache;
    }
    // 4. Velocity reuse for inactive tokens, Euler step of the whole sample.
    state = advance(state, fresh, sigmas.sigmas[i]!, sigmas.sigmas[i + 1]!, P, cache);
    // 5. Choose the tokens of the next step.
    state = selectNext(state, plan, i + 1, shape, input.selection);
    stepMs.push(performance.now() - started);
    forwardMs.push(forwardTime);
    activeTokens.push(n);
  }
  return { state, stepMs, forwardMs, activeTokens };
}
