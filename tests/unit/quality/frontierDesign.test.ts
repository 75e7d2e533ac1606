import { describe, expect, it } from 'vitest';
import { STUDY_DESIGNS, designsFor, generationSettings, planConditions } from '@/server/generation/settings';

const model = { steps: 28, guidance: 4, shift: 3 };

describe('the few-step frontier study design', () => {
  it('is exactly: dense at full steps (reference), the frontier RAS setting, the dense setting of equal measured cost', () => {
    const d = STUDY_DESIGNS.fewStepFrontier;
    const plans = planConditions(generationSettings.parse({ design: 'fewStepFrontier', rasRatios: [0.5, 0.25], equalTimeControl: true }), model, 256);
    expect(plans.map((p) => [p.name, p.kind, p.mode])).toEqual([
      ['dense', 'dense', 'dense'],
      [`ras-${d.rasSteps}steps-${`${d.ratio * 100}`.replace('.', '_')}`, 'ras', 'ras'],
      [`dense-${d.denseSteps}steps`, 'dense-fewer-steps', 'dense'],
    ]);
    const [reference, ras, dense] = plans.map((p) => p.config);
    expect(reference).toMatchObject({ num_inference_steps: 28, guidance_scale: 4, starvation_scale: 0.1 });
    expect(ras).toMatchObject({ num_inference_steps: d.rasSteps, sample_ratio: d.ratio, starvation_scale: 0.1, high_ratio: 0.3, guidance_scale: 4 });
    expect(ras!.scheduler_start_step).toBe(Math.round((4 * d.rasSteps) / 28));
    expect(dense).toMatchObject({ num_inference_steps: d.denseSteps, scheduler_start_step: 0, error_reset_steps: [] });
  });

  it('keeps the standard design as it was', () => {
    const plans = planConditions(generationSettings.parse({}), model, 256);
    expect(plans.map((p) => p.name)).toEqual(['dense', 'ras-50']);
    expect(generationSettings.parse({}).design).toBe('standard');
  });

  it('is offered for, and accepted with, only the model it was measured on', () => {
    const settings = generationSettings.parse({ design: 'fewStepFrontier' });
    expect(() => planConditions(settings, model, 256, 'tiny-fixture')).toThrow(/fewStepFrontier was measured on emoji-dit-64, not on tiny-fixture/);
    expect(planConditions(settings, model, 256, 'emoji-dit-64')).toHaveLength(3);
    expect(designsFor('tiny-fixture')).toEqual([]);
    const [offered] = designsFor('emoji-dit-64');
    expect(offered!.value).toBe('fewStepFrontier');
    expect(offered!.label).toContain(`RAS ${STUDY_DESIGNS.fewStepFrontier.rasSteps} steps at ${STUDY_DESIGNS.fewStepFrontier.ratio * 100} %`);
    expect(offered!.label).toContain(`dense ${STUDY_DESIGNS.fewStepFrontier.denseSteps} steps`);
  });
});
