import { badRequest } from '../http/errors';
import type { GenerationRequest } from './generations';
import { PROMPT_SET_LIMITS } from './promptSet';

/** Reads the generation form (multipart): a `prompts` file and the settings fields. */
export async function readGenerationForm(request: Request): Promise<GenerationRequest> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > PROMPT_SET_LIMITS.maxBytes + 64 * 1024) {
    throw badRequest(`The prompt file is too large: ${(declared / 1048576).toFixed(1)} MB; the limit is ${PROMPT_SET_LIMITS.maxBytes / 1048576} MB`);
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('Expected a multipart form with a prompts file');
  }
  const file = form.get('prompts');
  if (!(file instanceof File)) throw badRequest('Choose a prompt file (CSV, JSON or plain text)');
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const ratios = text('rasRatios');
  return {
    promptFile: { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
    settings: {
      modelDir: text('modelDir'),
      preset: text('preset') as never,
      steps: text('steps') as never,
      guidance: text('guidance') as never,
      seedsPerPrompt: text('seedsPerPrompt') as never,
      baseSeed: text('baseSeed') as never,
      rasRatios: ratios ? ratios.split(/[,\s]+/).filter(Boolean).map((r) => (r.endsWith('%') ? Number(r.slice(0, -1)) / 100 : Number(r))) : undefined,
      equalTimeControl: form.get('equalTimeControl') === 'on' || form.get('equalTimeControl') === 'true',
      ignoreUnknownWords: form.get('ignoreUnknownWords') === 'on' || form.get('ignoreUnknownWords') === 'true',
    },
  };
}
