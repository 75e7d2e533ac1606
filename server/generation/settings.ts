import { z } from 'zod';
import { DEFAULT_MODEL_DIR } from '../sampler/manifest';
import { idealSpeedup, rasPlan } from '../sampler/rasSchedule';
import { parseSamplerConfig, presets, type PresetName, type SamplerConfig, type ModelDefaults } from '../sampler/config';

export { DEFAULT_MODEL_DIR };

/** A yes/no setting: a boolean from JSON, or 'true'/'false'/'on'/'1'/'0' from a form or CLI (never "false" → true as z.coerce.boolean did). */
const yesNo = z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])], 'must be true or false').transform((v) => v === true || v === 'true' || v === 'on' || v === '1');

/** What an admin chooses for a generated study; shared by the form, the API, the CLI and the demo. */
export const generationSettings = z.object({
  modelDir: z.string().trim().min(1).default(DEFAULT_MODEL_DIR),
  preset: z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]).default('sd3Example'),
  steps: z.coerce.number().int('steps must be an integer').min(1, 'steps must be ≥ 1').max(200, 'steps must be ≤ 200').optional(),
  guidance: z.coerce.number().min(0, 'guidance must be ≥ 0').max(30, 'guidance must be ≤ 30').optional(),
  seedsPerPrompt: z.coerce.number().int().min(1, 'seeds per prompt must be ≥ 1').max(16, 'seeds per prompt must be ≤ 16').default(1),
  baseSeed: z.coerce.number().int().min(0).max(2 ** 31 - 17).default(0),
  rasRatios: z.array(z.coerce.number().gt(0, 'a RAS ratio must be in (0, 1]').lte(1, 'a RAS ratio must be in (0, 1]')).min(1, 'at least one RAS ratio').max(4).default([0.5]),
  equalTimeControl: yesNo.default(false),
  /** `standard`: the conditions above; a named design fixes its own conditions (see STUDY_DESIGNS). */
  design: z.enum(['standard', 'fewStepFrontier']).default('standard'),
  ignoreUnknownWords: yesNo.default(false),
});
export type GenerationSettings = z.output<typeof generationSettings>;
export type GenerationSettingsInput = z.input<typeof generationSettings>;

export interface ConditionPlan {
  name: string;
  kind: 'dense' | 'ras' | 'dense-fewer-steps';
  /** Sampling mode passed to the sampler. */
  mode: 'dense' | 'ras';
  config: SamplerConfig;
}

const percent = (r: number) => `${Math.round(r * 1000) / 10}`.replace('.', '_');

/**
 * The study's conditions: dense first (the reference, "A"), then each RAS ratio, then optionally for each
 * ratio a dense run with fewer steps that costs what the RAS run ideally costs (the equal-time control).
 */
export function planConditions(settings: GenerationSettings, model: ModelDefaults, tokens: number, modelName?: string): ConditionPlan[] {
  if (settings.design !== 'standard') {
    const design = STUDY_DESIGNS[settings.design];
    if (modelName !== undefined && modelName !== design.model) {
      throw new Error(`The design ${settings.design} was measured on ${design.model}, not on ${modelName}: choose ${design.model} or the standard design`);
    }
    return designConditions(design, settings, model);
  }
  // Guidance is a property of the model (its manifest default) unless the admin sets it; presets bring schedules.
  const guidance = settings.guidance ?? model.guidance;
  const overrides = { ...scaledSchedule(settings), ...(guidance !== undefined && { guidance_scale: guidance }) };
  const base = parseSamplerConfig(overrides, { preset: settings.preset, model });
  const plans: ConditionPlan[] = [{ name: 'dense', kind: 'dense', mode: 'dense', config: base }];
  for (const ratio of settings.rasRatios) {
    plans.push({ name: `ras-${percent(ratio)}`, kind: 'ras', mode: 'ras', config: parseSamplerConfig({ ...overrides, sample_ratio: ratio }, { preset: settings.preset, model }) });
  }
  if (settings.equalTimeControl) {
    for (const ratio of settings.rasRatios) {
      const ras = parseSamplerConfig({ ...overrides, sample_ratio: ratio }, { preset: settings.preset, model });
      const speedup = idealSpeedup(rasPlan(ras, tokens), ratio);
      const steps = Math.max(1, Math.round(base.num_inference_steps / speedup));
      if (plans.some((p) => p.kind === 'dense-fewer-steps' && p.config.num_inference_steps === steps)) continue;
      const config = parseSamplerConfig({ ...overrides, num_inference_steps: steps, error_reset_steps: [], scheduler_start_step: 0 }, { preset: settings.preset, model });
      plans.push({ name: `dense-${steps}steps`, kind: 'dense-fewer-steps', mode: 'dense', config });
    }
  }
  return plans;
}

/**
 * With a step count other than the preset's, the preset's warm-up and error-reset steps keep their place in
 * the trajectory: scaled by steps / preset steps (rounded), repeats and steps past the end dropped.
 */
export function scaledSchedule(settings: Pick<GenerationSettings, 'preset' | 'steps'>): { num_inference_steps?: number; scheduler_start_step?: number; error_reset_steps?: number[] } {
  const preset = presets[settings.preset] as { num_inference_steps: number; scheduler_start_step: number; error_reset_steps: readonly number[] };
  const steps = settings.steps;
  if (steps === undefined || steps === preset.num_inference_steps) return {};
  const scale = (x: number) => Math.round((x * steps) / preset.num_inference_steps);
  const start = Math.min(scale(preset.scheduler_start_step), steps);
  const resets = [...new Set(preset.error_reset_steps.map(scale))].filter((x) => x > start && x < steps);
  return { num_inference_steps: steps, scheduler_start_step: start, error_reset_steps: resets };
}

/**
 * One-click study designs built from measurements, not from a cost model.
 * `fewStepFrontier` (issue #16, docs/frontier.md): on the default model the few-step RAS setting that beat the
 * dense setting of equal measured throughput beyond the bootstrap interval, exactly that dense setting, and dense
 * at the full step count as the reference ("A"), all with the authors' SD3 run (`sd3AuthorsRun`) and the model's
 * guidance, RAS's warm-up and resets scaled as `scaledSchedule` does. The design fixes its conditions: the
 * settings' preset, steps, RAS ratios and equal-time control are not used (guidance still is).
 */
export const STUDY_DESIGNS = {
  fewStepFrontier: { model: 'emoji-dit-64', preset: 'sd3AuthorsRun', rasSteps: 6, ratio: 0.125, denseSteps: 4, source: 'docs/frontier.md' },
} as const satisfies Record<string, { model: string; preset: PresetName; rasSteps: number; ratio: number; denseSteps: number; source: string }>;

export type StudyDesign = (typeof STUDY_DESIGNS)[keyof typeof STUDY_DESIGNS];
export type StudyDesignName = keyof typeof STUDY_DESIGNS;

/** What the generation form says of a design: its three conditions and where they were measured. */
export function describeDesign(design: StudyDesign): string {
  return `RAS ${design.rasSteps} steps at ${percent(design.ratio).replace('_', '.')} % against dense ${design.denseSteps} steps (equal measured cost) and dense at the preset's full step count; ${design.preset}; measured on ${design.model} (${design.source})`;
}

/** The designs measured on the model named `modelName` (a design is a measurement of one model). */
export function designsFor(modelName: string): { value: StudyDesignName; label: string }[] {
  return (Object.entries(STUDY_DESIGNS) as [StudyDesignName, StudyDesign][]).filter(([, d]) => d.model === modelName).map(([value, d]) => ({ value, label: describeDesign(d) }));
}

export function designConditions(design: StudyDesign, settings: Pick<GenerationSettings, 'guidance'>, model: ModelDefaults): ConditionPlan[] {
  const guidance = settings.guidance ?? model.guidance;
  const g = guidance !== undefined ? { guidance_scale: guidance } : {};
  const preset = design.preset;
  const reference = parseSamplerConfig(g, { preset, model });
  const ras = parseSamplerConfig({ ...g, ...scaledSchedule({ preset, steps: design.rasSteps }), sample_ratio: design.ratio }, { preset, model });
  const dense = parseSamplerConfig({ ...g, num_inference_steps: design.denseSteps, error_reset_steps: [], scheduler_start_step: 0 }, { preset, model });
  return [
    { name: 'dense', kind: 'dense', mode: 'dense', config: reference },
    { name: `ras-${design.rasSteps}steps-${percent(design.ratio)}`, kind: 'ras', mode: 'ras', config: ras },
    { name: `dense-${design.denseSteps}steps`, kind: 'dense-fewer-steps', mode: 'dense', config: dense },
  ];
}
