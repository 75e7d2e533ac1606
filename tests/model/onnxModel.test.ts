import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '@/server/sampler/manifest';
import { openDitSession, type DitSession, type KvCache } from '@/server/sampler/onnxModel';
import { normals } from '@/server/sampler/prng';
import { gatherRows } from '@/server/sampler/tokens';

/** The fixture model in both cache layouts: contract 1 (models/fixture) and contract 2 (same weights). */
describe.each(['models/fixture', 'tests/model/fixtures/fixture-v2'])('RAS forward on %s', (dir) => {
  let dit: DitSession;
  let N: number;
  let P: number;
  let T: number;

  beforeAll(async () => {
    dit = await openDitSession(loadManifest(dir), { threads: 2, log: () => {} });
    N = dit.manifest.tokens;
    P = dit.manifest.patch_size ** 2 * dit.manifest.image.channels;
    T = dit.manifest.text.max_tokens;
  });
  afterAll(() => dit.dispose());

  const copyCache = (c: KvCache): KvCache => ({ batch: c.batch, k: c.k.map((a) => a.slice()), v: c.v.map((a) => a.slice()) });
  const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
  const textIds = (B: number) => {
    const ids = new BigInt64Array(B * T);
    ids.set([3n, 4n], (B - 1) * T); // last row "red heart"; row 0 all-pad when B = 2
    return ids;
  };
  const all = () => Int32Array.from({ length: N }, (_, i) => i);

  it('a sparse call with the cache of a dense call reproduces the dense outputs at the active tokens', async () => {
    const B = 2;
    const x = normals(1, N * P); // one sample; both CFG rows see it
    const dense = await dit.forward({ batch: B, active: all(), xActive: gatherRows(x, P, all(), B), timestep: 700, textIds: textIds(B) }, dit.newCache(B));
    const denseCache = copyCache(dense.cache);
    const active = Int32Array.from([0, 5, 6, 17, 40, 41, 63]);
    const sparse = await dit.forward({ batch: B, active, xActive: gatherRows(x, P, active, B), timestep: 700, textIds: textIds(B) }, copyCache(denseCache));
    for (let b = 0; b < B; b++) {
      const want = gatherRows(dense.vActive.subarray(b * N * P, (b + 1) * N * P), P, active);
      const got = sparse.vActive.subarray(b * active.length * P, (b + 1) * active.length * P);
      expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
    }
    for (let l = 0; l < denseCache.k.length; l++) {
      expect(maxAbsDiff(sparse.cache.k[l]!, denseCache.k[l]!)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(sparse.cache.v[l]!, denseCache.v[l]!)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('updates the cache in place exactly as a separate output buffer would (only active rows change)', async () => {
    const B = 2;
    const start = dit.newCache(B);
    start.k.forEach((a, l) => a.set(normals(10 + l, a.length)));
    start.v.forEach((a, l) => a.set(normals(20 + l, a.length)));
    const before = copyCache(start);
    const active = Int32Array.from([2, 9, 33]);
    const x = normals(2, B * active.length * P);
    const { cache } = await dit.forward({ batch: B, active, xActive: x, timestep: 300, textIds: textIds(B) }, start);
    expect(cache.k[0]).toBe(start.k[0]); // the same buffer, updated in place
    // rows of width `width` that must change: contract 1 → the active tokens' rows; contract 2 → per head, the
    // caption rows and the active tokens' rows (T + t)
    const m = dit.manifest;
    const v1 = m.contract_version === 1;
    const width = v1 ? m.heads * m.head_dim : m.head_dim;
    const rowsPerBlock = v1 ? N : T + N;
    const mustChange = (r: number) => (v1 ? active.includes(r) : r < T || active.includes(r - T));
    for (let l = 0; l < cache.k.length; l++) {
      for (const [now, was] of [[cache.k[l]!, before.k[l]!], [cache.v[l]!, before.v[l]!]] as const) {
        for (let row = 0; row < now.length / width; row++) {
          const at = row * width;
          const changed = maxAbsDiff(now.subarray(at, at + width), was.subarray(at, at + width)) > 0;
          expect(changed).toBe(mustChange(row % rowsPerBlock));
        }
      }
    }
    // the same call on a copy of the starting cache gives the same outputs and cache
    const again = await dit.forward({ batch: B, active, xActive: x, timestep: 300, textIds: textIds(B) }, copyCache(before));
    expect(Array.from(again.cache.k[1]!)).toEqual(Array.from(cache.k[1]!));
  });

  it('runs a single row and a single token', async () => {
    const out = await dit.forward({ batch: 1, active: Int32Array.of(N - 1), xActive: normals(3, P), timestep: 10, textIds: textIds(1) }, dit.newCache(1));
    expect(out.vActive.length).toBe(P);
    expect(out.vActive.every(Number.isFinite)).toBe(true);
  });
});
