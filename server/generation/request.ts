import { badRequest } from '../http/errors';
import { checkText } from '../http/input';
import { readBoundedForm } from '../studies/uploadRequest';
import type { GenerationRequest } from './generations';
import { PROMPT_SET_LIMITS } from './promptSet';

/** Reads the generation form (multipart): a `prompts` file and the settings fields. */
export async function readGenerationForm(request: Request): Promise<GenerationRequest> {
  // Bounded as it streams in, with or without Content-Length.
  const form = await readBoundedForm(request, PROMPT_SET_LIMITS.maxBytes + 64 * 1024, 'Prompt file', 'Expected a multipart form with a prompts file');
  const file = form.get('prompts');
  if (!(file instanceof File)) throw badRequest('Choose a prompt file (CSV, JSON or plain text)');
  const text = (name: string) => {
    const v = form.get(name);
    if (typeof v === 'string') checkText(v, name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const ratios = text('rasRatios');
  return {
    promptFile: checkedPromptFile(new Uint8Array(await file.arrayBuffer()), file.name),
    settings: {
      modelDir: text('modelDir'),
      preset: text('preset') as never,
      steps: text('steps') as never,
      guidance: text('guidance') as never,
      seedsPerPrompt: text('seedsPerPrompt') as never,
      baseSeed: text('baseSeed') as never,
      rasRatios: ratios ? ratios.split(/[,\s]+/).filter(Boolean).map((r) => (r.endsWith('%') ? Number(r.slice(0, -1)) / 100 : Number(r))) : undefined,
      equalTimeControl: form.get('equalTimeControl') === 'on' || form.get('equalTimeControl') === 'true',
      /** A named study design (docs/frontier.md), e.g. `fewStepFrontier`; unset: `standard`. */
      design: text('design') as never,
      ignoreUnknownWords: form.get('ignoreUnknownWords') === 'on' || form.get('ignoreUnknownWords') === 'true',
    },
  };
}

/** NUL and control characters in the prompt file or its name → 400 here, not a database error later. */
function checkedPromptFile(bytes: Uint8Array, name: string) {
  checkText(name, 'prompts file name');
  checkText(Buffer.from(bytes).toString('utf8'), 'prompts file');
  return { bytes, name };
}
