import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DeviceCaches, deviceCachesEnabled, deviceSessionOptions, hostBytes } from '@/server/sampler/deviceBuffers';

describe('device-resident caches (webgpu)', () => {
  it('puts every cache output, and nothing else, on the device; only under webgpu unless SAMPLER_DEVICE_CACHES=0', () => {
    const o = deviceSessionOptions('webgpu', 2, {});
    expect(o.preferredOutputLocation).toEqual({
      k_cache_out_0: 'gpu-buffer', k_cache_out_1: 'gpu-buffer', v_cache_out_0: 'gpu-buffer', v_cache_out_1: 'gpu-buffer',
    });
    expect(deviceSessionOptions('cpu', 2, {})).toEqual({});
    expect(deviceSessionOptions('cuda', 2, {})).toEqual({});
    expect(deviceSessionOptions('webgpu', 2, { SAMPLER_DEVICE_CACHES: '0' })).toEqual({});
    expect(deviceCachesEnabled('webgpu', {})).toBe(true);
  });

  it('counts the bytes of host tensors only', () => {
    const t = (location: string, data: ArrayBufferView) => ({ location, data }) as unknown as ort.Tensor;
    expect(hostBytes([t('cpu', new Float32Array(10)), t('cpu', new BigInt64Array(3)), t('gpu-buffer', new Float32Array(0)), null])).toBe(64);
  });
});

describe('DeviceCaches: which buffers each call is fed and which are freed', () => {
  /** A fake session: every run returns new "device" cache tensors (as onnxruntime-node's IO binding does) and a host v_active. */
  function fakeSession(layers: number) {
    const fed: Record<string, ort.Tensor>[] = [];
    const disposed = new Set<number>();
    let next = 0;
    const device = () => {
      const id = next++;
      return { location: 'gpu-buffer', id, dims: [], dispose: () => disposed.add(id) } as unknown as ort.Tensor & { id: number };
    };
    const session = {
      run: async (feeds: Record<string, ort.Tensor>) => {
        fed.push({ ...feeds });
        const n = feeds.active_idx!.dims[0]!;
        const out: Record<string, unknown> = { v_active: { location: 'cpu', data: new Float32Array(n), dims: [n] } };
        for (const kv of ['k', 'v']) for (let l = 0; l < layers; l++) out[`${kv}_cache_out_${l}`] = device();
        return out;
      },
    } as unknown as ort.InferenceSession;
    return { session, fed, disposed };
  }
  const feeds = (n: number) => ({ active_idx: { location: 'cpu', dims: [n], data: new BigInt64Array(n) } }) as unknown as Record<string, ort.Tensor>;
  const id = (t: ort.Tensor | undefined) => (t as unknown as { id?: number }).id;

  it('feeds a cache its last outputs and frees the ones consumed; a later image starts a dense call from the seed, a sparse one from its host arrays', async () => {
    const { session, fed, disposed } = fakeSession(1);
    const dc = new DeviceCaches(1, 4);
    const cacheA = { batch: 2, k: [new Float32Array(8)], v: [new Float32Array(8)] };
    await dc.forward(session, feeds(4), cacheA, [2, 1, 4, 1]); // outputs 0 (k), 1 (v): the seed
    expect(fed[0]!.k_cache_0!.location).toBe('cpu'); // first call of the session: the zeroed host arrays
    await dc.forward(session, feeds(2), cacheA, [2, 1, 4, 1]); // fed 0, 1; outputs 2, 3
    expect([id(fed[1]!.k_cache_0), id(fed[1]!.v_cache_0)]).toEqual([0, 1]);
    expect(disposed.size).toBe(0); // 0, 1 are the seed: kept
    await dc.forward(session, feeds(2), cacheA, [2, 1, 4, 1]); // fed 2, 3; outputs 4, 5
    expect([...disposed].sort()).toEqual([2, 3]);
    const cacheB = { batch: 2, k: [new Float32Array(8)], v: [new Float32Array(8)] };
    await dc.forward(session, feeds(4), cacheB, [2, 1, 4, 1]); // dense first call: the seed
    expect([id(fed[3]!.k_cache_0), id(fed[3]!.v_cache_0)]).toEqual([0, 1]);
    const cacheC = { batch: 2, k: [new Float32Array(8)], v: [new Float32Array(8)] };
    await dc.forward(session, feeds(1), cacheC, [2, 1, 4, 1]); // sparse first call: host arrays (image rows carry over)
    expect(fed[4]!.k_cache_0!.location).toBe('cpu');
    dc.releaseAll();
    expect(disposed.size).toBe(fed.length * 2); // every device tensor made (2 per call) freed, the seed too
  });
});
