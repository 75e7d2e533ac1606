import { describe, expect, it } from 'vitest';
import { parseSamplerConfig, presets, SamplerConfigError } from '@/server/sampler/config';

describe('parseSamplerConfig', () => {
  it('fills the reference defaults', () => {
    const c = parseSamplerConfig();
    expect(c).toMatchObject({
      num_inference_steps: 30,
      sample_ratio: 0.5,
      scheduler_start_step: 4,
      scheduler_end_step: 30,
      error_reset_steps: [12, 22],
      metric: 'std',
      high_ratio: 1,
      starvation_scale: 0.1,
      skip_num_step: 0,
      skip_num_step_length: 0,
      selection_mode: 'reference',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('layers model defaults < preset < caller', () => {
    const c = parseSamplerConfig({ sample_ratio: 0.25 }, { preset: 'sd3Example', model: { steps: 12, guidance: 4, shift: 2 } });
    expect(c.num_inference_steps).toBe(28);
    expect(c.guidance_scale).toBe(7);
    expect(c.sample_ratio).toBe(0.25);
    expect(c.error_reset_steps).toEqual([12, 20]);
    expect(parseSamplerConfig({}, { preset: 'luminaExample', model: { guidance: 4 } }).guidance_scale).toBe(4);
  });

  it('accepts every preset', () => {
    for (const name of Object.keys(presets) as (keyof typeof presets)[]) expect(() => parseSamplerConfig({}, { preset: name })).not.toThrow();
  });

  it('sorts and de-duplicates reset steps', () => {
    expect(parseSamplerConfig({ error_reset_steps: [20, 12, 20] }).error_reset_steps).toEqual([12, 20]);
  });

  const refuses = (input: Parameters<typeof parseSamplerConfig>[0], message: RegExp) => {
    expect(() => parseSamplerConfig(input)).toThrow(SamplerConfigError);
    expect(() => parseSamplerConfig(input)).toThrow(message);
  };

  it('refuses a ratio outside (0, 1]', () => {
    refuses({ sample_ratio: 0 }, /sample_ratio must be in \(0, 1\]/);
    refuses({ sample_ratio: 1.01 }, /sample_ratio must be in \(0, 1\]/);
    refuses({ sample_ratio: -0.5 }, /sample_ratio/);
  });

  it('refuses steps < 1', () => {
    refuses({ num_inference_steps: 0, error_reset_steps: [], scheduler_start_step: 0 }, /num_inference_steps must be at least 1/);
  });

  it('refuses a reset step at or after the last step', () => {
    refuses({ num_inference_steps: 20, error_reset_steps: [12, 20] }, /error reset step 20 is not below num_inference_steps \(20\)/);
  });

  it('refuses start after end, and an end past the last step', () => {
    refuses({ scheduler_start_step: 10, scheduler_end_step: 8 }, /scheduler_start_step \(10\) is after scheduler_end_step \(8\)/);
    refuses({ num_inference_steps: 28, error_reset_steps: [12], scheduler_end_step: 30 }, /scheduler_end_step \(30\) is after the last step/);
  });

  it('refuses a ramp step without a ramp length, unknown keys and wrong types', () => {
    refuses({ skip_num_step: 256 }, /skip_num_step_length/);
    refuses({ sample_ratios: 0.5 } as never, /sample_ratios/);
    refuses({ metric: 'l1' } as never, /metric/);
    refuses({ num_inference_steps: 2.5 } as never, /integer/);
  });

  it('lists every problem at once', () => {
    try {
      parseSamplerConfig({ sample_ratio: 2, high_ratio: -1 });
      expect.unreachable();
    } catch (e) {
      expect((e as SamplerConfigError).issues.length).toBe(2);
    }
  });
});

describe('the two SD3 presets', () => {
  it("sd3AuthorsRun is the SD3 example script as the authors' code ran it: starvation 0.1, everything else equal", () => {
    const { starvation_scale: asRun, ...restRun } = presets.sd3AuthorsRun;
    const { starvation_scale: asWritten, ...restExample } = presets.sd3Example;
    expect(asRun).toBe(0.1);
    expect(asWritten).toBe(1);
    expect(restRun).toEqual(restExample);
    expect(parseSamplerConfig({}, { preset: 'sd3AuthorsRun' })).toMatchObject({ num_inference_steps: 28, scheduler_start_step: 4, error_reset_steps: [12, 20], high_ratio: 0.3, starvation_scale: 0.1 });
  });
});
