import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { deviceCachesEnabled, deviceSessionOptions, hostBytes } from '@/server/sampler/deviceBuffers';

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
