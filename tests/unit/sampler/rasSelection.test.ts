import { describe, expect, it } from 'vitest';
import { normals } from '@/server/sampler/prng';
import { referenceBands, selectTokens, tokenMetric, type SelectionParams } from '@/server/sampler/rasSelection';
import golden from './golden/selection.json';

const params = (p: Partial<SelectionParams>): SelectionParams => ({
  mode: 'reference',
  metric: 'std',
  highRatio: 1,
  starvationScale: 0.1,
  ...p,
});
const m = (...v: number[]) => Float64Array.from(v);
const zeros = (n: number) => new Uint32Array(n);
const dropped = (metric: Float64Array, counts: Uint32Array, skip: number, p: Partial<SelectionParams>) =>
  Array.from(selectTokens(metric, counts, skip, params(p)).dropped);

describe('tokenMetric', () => {
  it('is the unbiased std or the l2 norm over channels, averaged over the token’s pixels', () => {
    const v = Float32Array.of(1, 2, 3, 0, 0, 0); // one token, two pixels, three channels
    expect(tokenMetric(v, 1, 2, 3, 'std')[0]).toBeCloseTo(0.5, 15);
    expect(tokenMetric(v, 1, 2, 3, 'l2norm')[0]).toBeCloseTo(Math.sqrt(14) / 2, 15);
  });

  it('matches numpy (golden)', () => {
    const v = Float32Array.from(golden.v);
    for (const metric of ['std', 'l2norm'] as const) {
      const got = tokenMetric(v, golden.tokens, golden.pixels, golden.channels, metric);
      golden.metric[metric].forEach((x, t) => expect(got[t]).toBeCloseTo(x, 12));
    }
  });
});

describe('reference mode', () => {
  const metric = m(5, 1, 4, 2, 3, 6);

  it('h = 1 drops the highest scores', () => {
    expect(dropped(metric, zeros(6), 2, { highRatio: 1 })).toEqual([0, 5]);
  });

  it('h = 0 drops the lowest scores and nothing from the top', () => {
    const s = selectTokens(metric, zeros(6), 2, params({ highRatio: 0 }));
    expect(Array.from(s.dropped)).toEqual([1, 3]);
    expect(Array.from(s.active)).toEqual([0, 2, 4, 5]);
  });

  it('bands ⌊skip·(1 − h)⌋ low and ⌊skip·h⌋ high, dropping fewer when both round down', () => {
    expect(referenceBands(3, 0.5)).toEqual({ low: 1, high: 1 });
    expect(referenceBands(128, 0.3)).toEqual({ low: 89, high: 38 });
    expect(dropped(metric, zeros(6), 3, { highRatio: 0.5 })).toEqual([1, 5]);
    expect(dropped(metric, zeros(6), 4, { highRatio: 0.5 })).toEqual([1, 3, 0, 5].sort());
  });

  it('multiplies by exp(s·drop_count), honouring the given scale', () => {
    const near = m(1, 1.05, 2, 3);
    const counts = Uint32Array.of(1, 0, 0, 0);
    expect(dropped(near, counts, 1, { highRatio: 0, starvationScale: 0.1 })).toEqual([1]); // 1·e^0.1 > 1.05
    expect(dropped(near, counts, 1, { highRatio: 0, starvationScale: 0 })).toEqual([0]);
    expect(dropped(near, counts, 1, { highRatio: 0, starvationScale: 0.01 })).toEqual([0]); // 1·e^0.01 < 1.05
  });

  it('increments the drop counts of the dropped tokens only, in a new array', () => {
    const counts = Uint32Array.of(2, 0, 0, 1, 0, 0);
    const s = selectTokens(metric, counts, 2, params({ highRatio: 0, starvationScale: 0 }));
    expect(Array.from(s.dropCount)).toEqual([2, 1, 0, 2, 0, 0]);
    expect(Array.from(counts)).toEqual([2, 0, 0, 1, 0, 0]);
  });

  it('breaks ties by token index', () => {
    expect(dropped(m(1, 1, 1, 1, 1, 1), zeros(6), 2, { highRatio: 1 })).toEqual([4, 5]);
    expect(dropped(m(1, 1, 1, 1, 1, 1), zeros(6), 2, { highRatio: 0 })).toEqual([0, 1]);
  });

  it('skip 0 keeps every token, skip N drops every token', () => {
    expect(selectTokens(metric, zeros(6), 0, params({})).active.length).toBe(6);
    expect(selectTokens(metric, zeros(6), 6, params({ highRatio: 0 })).active.length).toBe(0);
    expect(() => selectTokens(metric, zeros(6), 7, params({}))).toThrow(/skip/);
  });
});

describe('paper mode', () => {
  const metric = m(5, 1, 4, 2, 3, 6);

  it('std: keeps the low-std focus, drops the highest std', () => {
    expect(dropped(metric, zeros(6), 2, { mode: 'paper', metric: 'std' })).toEqual([0, 5]);
  });

  it('l2norm: keeps the high-norm focus, drops the lowest norm', () => {
    expect(dropped(metric, zeros(6), 2, { mode: 'paper', metric: 'l2norm' })).toEqual([1, 3]);
  });

  it('starvation raises the priority of often-dropped tokens', () => {
    // log-priority s·count − ln(std): token 0 → 3 − ln 5 = 1.39 (now kept); token 2 → −ln 4 is dropped instead
    expect(dropped(metric, Uint32Array.of(3, 0, 0, 0, 0, 0), 2, { mode: 'paper', starvationScale: 1 })).toEqual([2, 5]);
  });

  it('ignores high_ratio', () => {
    expect(dropped(metric, zeros(6), 2, { mode: 'paper', highRatio: 0.3 })).toEqual([0, 5]);
  });

  /** Longest run of consecutive drops of any token over `steps` selections with a slowly drifting metric. */
  function longestRun(steps: number, s: number, mode: 'paper' | 'reference'): number {
    const N = 64;
    const skip = 48;
    const base = normals(99, N, 1);
    const wobble = normals(100, N * steps, 1);
    let counts: Uint32Array = zeros(N);
    const run = new Array<number>(N).fill(0);
    let longest = 0;
    for (let step = 0; step < steps; step++) {
      const metric = Float64Array.from({ length: N }, (_, t) => Math.exp(0.5 * base[t]! + 0.05 * wobble[step * N + t]!));
      const sel = selectTokens(metric, counts, skip, params({ mode, starvationScale: s, highRatio: 1 }));
      counts = sel.dropCount;
      const isDropped = new Set(sel.dropped);
      for (let t = 0; t < N; t++) run[t] = isDropped.has(t) ? run[t]! + 1 : 0;
      longest = Math.max(longest, ...run);
    }
    return longest;
  }

  it('keeps the longest run of consecutive drops bounded with starvation on; it grows with starvation off', () => {
    const on100 = longestRun(100, 0.1, 'paper');
    expect(longestRun(400, 0.1, 'paper')).toBe(on100);
    expect(on100).toBeLessThan(50);
    expect(longestRun(400, 1, 'paper')).toBeLessThanOrEqual(10);
    expect(longestRun(100, 0, 'paper')).toBe(100);
    expect(longestRun(400, 0, 'paper')).toBe(400);
  });

  it('(contrast) the reference rule with h = 1 lets starvation re-drop the same tokens', () => {
    expect(longestRun(400, 0.1, 'reference')).toBe(400);
  });
});

describe('golden selections (numpy reimplementation of the reference rule and of the paper mode)', () => {
  const v = Float32Array.from(golden.v);
  const counts = Uint32Array.from(golden.drop_count);
  for (const c of golden.cases) {
    it(`${c.mode} ${c.metric} skip ${c.skip} h ${c.high_ratio} s ${c.starvation_scale}`, () => {
      const metric = tokenMetric(v, golden.tokens, golden.pixels, golden.channels, c.metric as 'std' | 'l2norm');
      const p = { mode: c.mode as 'reference' | 'paper', metric: c.metric as 'std' | 'l2norm', highRatio: c.high_ratio, starvationScale: c.starvation_scale };
      expect(Array.from(selectTokens(metric, counts, c.skip, p).dropped)).toEqual(c.dropped);
    });
  }
});
