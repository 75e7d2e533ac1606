import { describe, expect, it } from 'vitest';
import type { ForwardInput, KvCache } from '@/server/sampler/onnxModel';
import { densePlan, type RasPlan } from '@/server/sampler/rasSchedule';
import { sample } from '@/server/sampler/sample';
import { flowMatchSigmas } from '@/server/sampler/sigmas';

/** A stand-in DiT: v = row·x + t/1000 per element (row 0 → 0·x, row 1 → 1·x), recording the calls. */
function stubDit() {
  const calls: { active: number[]; timestep: number }[] = [];
  return {
    calls,
    newCache: (batch: number): KvCache => ({ batch, k: [], v: [] }),
    forward: async (input: ForwardInput, cache: KvCache) => {
      calls.push({ active: Array.from(input.active), timestep: input.timestep });
      const per = input.xActive.length / input.batch;
      const vActive = input.xActive.map((x, i) => Math.floor(i / per) * x + input.timestep / 1000);
      return { vActive, cache };
    },
  };
}

const shape = { tokens: 4, pixels: 1, channels: 2 };
const base = {
  noise: Float32Array.of(1, -1, 2, -2, 0.5, 0.25, -3, 1),
  textIds: new BigInt64Array(2),
  textCount: new Float32Array(2),
  batch: 2 as const,
  guidance: 2,
  sigmas: flowMatchSigmas(3, 3),
  selection: { mode: 'reference' as const, metric: 'l2norm' as const, highRatio: 0, starvationScale: 0.1 },
  shape,
};

describe('sample (stand-in DiT)', () => {
  it('dense: every step forwards every token at σ·1000 and integrates the guided velocity', async () => {
    const dit = stubDit();
    const out = await sample(dit, { ...base, plan: densePlan(3) });
    expect(dit.calls.map((c) => c.active)).toEqual([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]);
    expect(dit.calls.map((c) => c.timestep)).toEqual(Array.from(base.sigmas.timesteps));
    // reference in float64: v = u + g(c − u) with u = t, c = x + t → v = g·x + t
    let x = Array.from(base.noise);
    for (let i = 0; i < 3; i++) {
      const s = base.sigmas.sigmas;
      x = x.map((xi) => xi + (s[i + 1]! - s[i]!) * (2 * xi + base.sigmas.timesteps[i]! / 1000));
    }
    Array.from(out.state.x).forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 5));
    expect(out.activeTokens).toEqual([4, 4, 4]);
    expect(out.stepMs.length).toBe(3);
  });

  it('RAS: forwards only the selected tokens on selective steps', async () => {
    const dit = stubDit();
    const plan: RasPlan = { dense: [true, false, false], skip: [0, 2, 2] };
    const out = await sample(dit, { ...base, plan });
    expect(dit.calls.map((c) => c.active.length)).toEqual([4, 2, 2]);
    expect(out.activeTokens).toEqual([4, 2, 2]);
    expect(Array.from(out.state.dropCount).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('skips the forward when a step keeps no token, reusing every velocity', async () => {
    const dit = stubDit();
    const out = await sample(dit, { ...base, plan: { dense: [true, false, true], skip: [0, 4, 0] } });
    expect(dit.calls.length).toBe(2);
    expect(out.activeTokens).toEqual([4, 0, 4]);
  });
});
