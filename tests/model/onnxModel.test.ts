import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '@/server/sampler/manifest';
import { openDitSession, type DitSession, type KvCache } from '@/server/sampler/onnxModel';
import { normals } from '@/server/sampler/prng';
import { collapseCaptions } from '@/server/sampler/tokenizer';
import { gatherRows } from '@/server/sampler/tokens';

/** The fixture model, contract 4 (caches [B, H, N+T, hd], collapsed captions), the only contract the sampler runs. */
const FIXTURES = ['models/fixture'];

/** A session on a fixture and its geometry: tokens N, values per token P, caption slots T. */
async function openFixture(dir: string) {
  const dit = await openDitSession(loadManifest(dir), { threads: 2, log: () => {} });
  const m = dit.manifest;
  return { dit, N: m.tokens, P: m.patch_size ** 2 * m.image.channels, T: m.text.max_tokens };
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
describe.each(FIXTURES)('RAS forward on %s', (dir) => {
  let dit: DitSession;
  let N: number;
  let P: number;
  let T: number;

  beforeAll(async () => {
    ({ dit, N, P, T } = await openFixture(dir));
  });
  afterAll(() => dit.dispose());

  const copyCache = (c: KvCache): KvCache => ({ batch: c.batch, k: c.k.map((a) => a.slice()), v: c.v.map((a) => a.slice()) });
  /** Last row "red heart"; row 0 all-pad when B = 2. The graph also takes the plain caption, each word counted once. */
  const textIds = (B: number) => {
    const ids = new BigInt64Array(B * T);
    ids.set([3n, 4n], (B - 1) * T);
    return { textIds: ids, textCount: new Float32Array(B * T).fill(1) };
  };
  const all = () => Int32Array.from({ length: N }, (_, i) => i);

  it('a sparse call with the cache of a dense call reproduces the dense outputs at the active tokens', async () => {
    const B = 2;
    const x = normals(1, N * P); // one sample; both CFG rows see it
    const dense = await dit.forward({ batch: B, active: all(), xActive: gatherRows(x, P, all(), B), timestep: 700, ...textIds(B) }, dit.newCache(B));
    const denseCache = copyCache(dense.cache);
    const active = Int32Array.from([0, 5, 6, 17, 40, 41, 63]);
    const sparse = await dit.forward({ batch: B, active, xActive: gatherRows(x, P, active, B), timestep: 700, ...textIds(B) }, copyCache(denseCache));
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
    const { cache } = await dit.forward({ batch: B, active, xActive: x, timestep: 300, ...textIds(B) }, start);
    expect(cache.k[0]).toBe(start.k[0]); // the same buffer, updated in place
    // rows of width head_dim that must change: per head, the active tokens' rows (t) and the caption slots the
    // call uses (N + j; here all T)
    const m = dit.manifest;
    const width = m.head_dim;
    const rowsPerBlock = T + N;
    const mustChange = (r: number) => r >= N || active.includes(r);
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
    const again = await dit.forward({ batch: B, active, xActive: x, timestep: 300, ...textIds(B) }, copyCache(before));
    expect(Array.from(again.cache.k[1]!)).toEqual(Array.from(cache.k[1]!));
  });

  it('runs a single row and a single token', async () => {
    const out = await dit.forward({ batch: 1, active: Int32Array.of(N - 1), xActive: normals(3, P), timestep: 10, ...textIds(1) }, dit.newCache(1));
    expect(out.vActive.length).toBe(P);
    expect(out.vActive.every(Number.isFinite)).toBe(true);
  });
});

describe.each(['models/fixture'])('collapsed captions on %s', (dir) => {
  let dit: DitSession;
  let N: number;
  let P: number;
  let T: number;
  beforeAll(async () => {
    ({ dit, N, P, T } = await openFixture(dir));
  });
  afterAll(() => dit.dispose());

  /** The image tokens' rows of a cache (it also holds caption slots, which a collapsed caption fills fewer of). */
  const imageRows = (cache: Float32Array) => {
    const m = dit.manifest;
    const block = (N + T) * m.head_dim;
    const out: number[] = [];
    for (let at = 0; at < cache.length; at += block) out.push(...cache.subarray(at, at + N * m.head_dim));
    return Float32Array.from(out);
  };

  it('a collapsed caption (distinct words with counts) gives the outputs of the plain one', async () => {
    const B = 2;
    const x = normals(4, N * P);
    const active = Int32Array.from([1, 8, 30, 31]);
    const plainIds = new BigInt64Array(B * T);
    plainIds.set([3n, 4n, 3n, 5n], T); // row 1 "red heart red face" + 4 pads: a repeated word; row 0 all pads
    const plain = { textIds: plainIds, textCount: new Float32Array(B * T).fill(1) };
    const collapsed = collapseCaptions([new Array(T).fill(0), Array.from(plainIds.subarray(T), Number)], 0);
    expect(collapsed.width).toBe(4); // red ×2, heart, face, pad ×4
    const run = (caption: { textIds: BigInt64Array; textCount: Float32Array }) =>
      dit.forward({ batch: B, active, xActive: gatherRows(x, P, active, B), timestep: 450, ...caption }, dit.newCache(B));
    const a = await run(plain);
    const b = await run({ textIds: collapsed.ids, textCount: collapsed.count });
    expect(maxAbsDiff(a.vActive, b.vActive)).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(imageRows(a.cache.k[1]!), imageRows(b.cache.k[1]!))).toBeLessThanOrEqual(1e-5);
    // and the counts matter: the same distinct words, each counted once, is another caption
    const once = await run({ textIds: collapsed.ids, textCount: collapsed.count.map((c) => Math.min(c, 1)) });
    expect(maxAbsDiff(a.vActive, once.vActive)).toBeGreaterThan(1e-3);
  });
});
