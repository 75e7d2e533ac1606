import { describe, expect, it } from 'vitest';
import { configFromFlags } from '@/server/sampler/cliFlags';

describe('configFromFlags', () => {
  it('converts reference-named flags and aliases', () => {
    expect(
      configFromFlags({ steps: '28', ratio: '0.25', error_reset_steps: '12, 20', metric: 'l2norm', mode: 'paper', high_ratio: '0.3', model: 'x' }),
    ).toEqual({ num_inference_steps: 28, sample_ratio: 0.25, error_reset_steps: [12, 20], metric: 'l2norm', selection_mode: 'paper', high_ratio: 0.3 });
    expect(configFromFlags({ error_reset_steps: '' })).toEqual({ error_reset_steps: [] });
  });

  it('refuses a non-number', () => {
    expect(() => configFromFlags({ sample_ratio: 'half' })).toThrow('--sample_ratio expects a number, got "half"');
  });
});
