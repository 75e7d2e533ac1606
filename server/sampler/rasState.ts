/**
 * RAS state of one image: a plain value the sampling loop passes from step to step (never global).
 *
 * - `x`: the current sample, token layout [N, P];
 * - `velocity`: the guided velocity each token last received; inactive tokens reuse it (spec §2.3);
 * - `active`: the tokens the current step sends through the DiT (all of them on dense steps);
 * - `dropCount`: per token, how many selections dropped it (starvation, spec §2.4);
 * - `cache`: per-layer K/V of all N image tokens, kept by the DiT session.
 */
import { eulerStep } from './euler';
import type { KvCache } from './onnxModel';
import type { RasPlan } from './rasSchedule';
import { allTokens, selectTokens, tokenMetric, type SelectionParams } from './rasSelection';
import { scatterRows } from './tokens';

export interface RasState {
  readonly x: Float32Array;
  readonly velocity: Float32Array;
  readonly active: Int32Array;
  readonly dropCount: Uint32Array;
  readonly cache: KvCache;
}

export interface TokenShape {
  readonly tokens: number;
  /** Pixels per token, p·p. */
  readonly pixels: number;
  readonly channels: number;
}

export function initialRasState(noise: Float32Array, shape: TokenShape, cache: KvCache): RasState {
  return {
    x: noise,
    velocity: new Float32Array(noise.length),
    active: allTokens(shape.tokens),
    dropCount: new Uint32Array(shape.tokens),
    cache,
  };
}

/** Fresh guided velocity at the active tokens, the last received one elsewhere, then the Euler step. */
export function advance(state: RasState, fresh: Float32Array, sigma: number, sigmaNext: number, P: number, cache: KvCache): RasState {
  const velocity = state.active.length * P === state.velocity.length ? fresh : scatterRows(state.velocity, P, state.active, fresh);
  return { ...state, velocity, cache, x: eulerStep(state.x, velocity, sigma, sigmaNext) };
}

/** The active set of step `next`: every token on a dense step, otherwise the selection from the velocity. */
export function selectNext(state: RasState, plan: RasPlan, next: number, shape: TokenShape, params: SelectionParams): RasState {
  if (next >= plan.dense.length || plan.dense[next]) return { ...state, active: allTokens(shape.tokens) };
  const metric = tokenMetric(state.velocity, shape.tokens, shape.pixels, shape.channels, params.metric);
  const selection = selectTokens(metric, state.dropCount, plan.skip[next]!, params);
  return { ...state, active: selection.active, dropCount: selection.dropCount };
}
