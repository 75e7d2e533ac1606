import { describe, expect, it } from 'vitest';
import { advance, initialRasState, selectNext } from '@/server/sampler/rasState';
import type { RasPlan } from '@/server/sampler/rasSchedule';

const shape = { tokens: 4, pixels: 1, channels: 2 }; // P = 2
const cache = { batch: 1, k: [], v: [] };
const params = { mode: 'reference' as const, metric: 'l2norm' as const, highRatio: 0, starvationScale: 0 };

describe('RAS state transitions', () => {
  it('starts with every token active, no velocity, zero drop counts', () => {
    const s = initialRasState(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), shape, cache);
    expect(Array.from(s.active)).toEqual([0, 1, 2, 3]);
    expect(Array.from(s.dropCount)).toEqual([0, 0, 0, 0]);
  });

  it('inactive tokens reuse the velocity they last received; active ones take the fresh one', () => {
    const s0 = { ...initialRasState(new Float32Array(8), shape, cache), velocity: Float32Array.of(1, 1, 2, 2, 3, 3, 4, 4), active: Int32Array.of(1, 3) };
    const s1 = advance(s0, Float32Array.of(10, 10, 30, 30), 1, 0.5, 2, cache);
    expect(Array.from(s1.velocity)).toEqual([1, 1, 10, 10, 3, 3, 30, 30]);
    expect(Array.from(s1.x)).toEqual([-0.5, -0.5, -5, -5, -1.5, -1.5, -15, -15]); // x + (0.5 − 1)·v
    expect(Array.from(s0.velocity)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]); // the old state is untouched
  });

  it('a dense step takes the fresh velocity everywhere', () => {
    const s0 = initialRasState(new Float32Array(8), shape, cache);
    const fresh = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(advance(s0, fresh, 1, 0, 2, cache).velocity).toBe(fresh);
  });

  it('selects from the velocity before a selective step, keeps every token before a dense one', () => {
    const plan: RasPlan = { dense: [true, false, true], skip: [0, 2, 0] };
    const s = { ...initialRasState(new Float32Array(8), shape, cache), velocity: Float32Array.of(1, 0, 0, 0, 3, 0, 2, 0) };
    const next = selectNext(s, plan, 1, shape, params); // l2 norms 1, 0, 3, 2; h = 0 drops the two lowest
    expect(Array.from(next.active)).toEqual([2, 3]);
    expect(Array.from(next.dropCount)).toEqual([1, 1, 0, 0]);
    const dense = selectNext(next, plan, 2, shape, params);
    expect(Array.from(dense.active)).toEqual([0, 1, 2, 3]);
    expect(Array.from(dense.dropCount)).toEqual([1, 1, 0, 0]);
  });
});
