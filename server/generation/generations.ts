import path from 'node:path';
import { db } from '../db/client';
import { HttpError, badRequest, conflict } from '../http/errors';
import { loadManifest, type LoadedManifest } from '../sampler/manifest';
import { getStudy } from '../studies/studies';
import { PromptSetError, parsePromptSet, type ParsedPromptSet } from './promptSet';
import { enqueuePrompts } from './queue';
import { generationSettings, planConditions, type GenerationSettingsInput } from './settings';
import { vocabularyReport } from './vocabulary';

export interface GenerationRequest {
  promptFile: { bytes: Uint8Array; name: string };
  settings: GenerationSettingsInput;
}

function openManifest(dir: string): LoadedManifest {
  try {
    return loadManifest(path.resolve(dir));
  } catch (error) {
    throw badRequest(`Model directory ${dir}: ${(error as Error).message}`);
  }
}

/** The seeds of one prompt: its own seed, or seedsPerPrompt seeds from baseSeed. */
export function promptSeeds(prompt: { seed?: number }, settings: { seedsPerPrompt: number; baseSeed: number }): number[] {
  return prompt.seed !== undefined ? [prompt.seed] : Array.from({ length: settings.seedsPerPrompt }, (_, k) => settings.baseSeed + k);
}

/** What a check answers (nothing written): prompts, duplicates dropped, unknown words, conditions, and the images that would be made. */
export function generationCheckSummary(request: GenerationRequest) {
  const { parsed, vocabulary, conditions, settings } = checkGeneration(request);
  const images = parsed.prompts.reduce((n, p) => n + promptSeeds(p, settings).length, 0) * conditions.length;
  return { prompts: parsed.prompts.length, duplicates: parsed.duplicates, vocabulary, conditions: conditions.map((c) => ({ name: c.name, config: c.config })), images };
}

/** Everything checked, nothing written: the prompt set, the model, the words it does not know, the conditions. */
export function checkGeneration(request: GenerationRequest) {
  let parsed: ParsedPromptSet;
  try {
    parsed = parsePromptSet(request.promptFile.bytes, request.promptFile.name);
  } catch (error) {
    if (error instanceof PromptSetError) throw new HttpError(400, error.message, { problems: error.problems });
    throw error;
  }
  const settings = generationSettings.parse(request.settings);
  const loaded = openManifest(settings.modelDir);
  const m = loaded.manifest;
  const vocabulary = vocabularyReport(parsed.prompts, m.text);
  let conditions;
  try {
    conditions = planConditions(settings, m.defaults, m.tokens, m.name);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
  return { parsed, settings, loaded, vocabulary, conditions };
}

/**
 * Adds prompts and a generation to a draft study and queues its images. Refused, with nothing created, when
 * the prompt set is invalid, the model directory is not a model, a prompt has no known word, or words are
 * unknown and the admin did not accept ignoring them.
 */
export async function createGeneration(studyId: string, request: GenerationRequest) {
  const study = await getStudy(studyId);
  if (study.status !== 'DRAFT') throw conflict('Images can only be generated for a draft study');
  if (study.conditions.length > 0) throw conflict('This study already has conditions (uploaded or generated images)');
  const { parsed, settings, loaded, vocabulary, conditions } = checkGeneration(request);
  if (vocabulary.noKnownWord.length) {
    throw badRequest(`No word the model knows on line(s) ${vocabulary.noKnownWord.join(', ')}`, { vocabulary });
  }
  const unknownWords = Object.keys(vocabulary.unknown);
  if (unknownWords.length && !settings.ignoreUnknownWords) {
    const list = unknownWords.map((w) => `${w} (line ${vocabulary.unknown[w].join(', ')})`).join('; ');
    throw badRequest(`Words the model does not know: ${list}. Fix the prompts, or generate anyway and they are ignored.`, { vocabulary });
  }
  const promptIds = await db().$transaction(async (tx) => {
    const generation = await tx.generation.create({
      data: { studyId, modelDir: settings.modelDir, modelName: loaded.manifest.name, modelHash: loaded.modelHash, settings },
    });
    const conditionIds: string[] = [];
    for (const [ordinal, c] of conditions.entries()) {
      conditionIds.push((await tx.condition.create({ data: { studyId, name: c.name, ordinal, config: JSON.parse(JSON.stringify(c)) } })).id);
    }
    const ids: string[] = [];
    for (const p of parsed.prompts) {
      const seeds = promptSeeds(p, settings);
      for (const seed of seeds) {
        const prompt = await tx.prompt.upsert({
          where: { studyId_text_seed: { studyId, text: p.text, seed } },
          create: { studyId, text: p.text, seed, tags: p.tags },
          update: {},
        });
        ids.push(prompt.id);
        await tx.generationItem.createMany({ data: conditionIds.map((conditionId) => ({ generationId: generation.id, promptId: prompt.id, conditionId })) });
      }
    }
    return ids;
  }, { timeout: 60_000 });
  await enqueuePrompts(promptIds);
  return { prompts: promptIds.length, conditions: conditions.map((c) => c.name), images: promptIds.length * conditions.length, duplicates: parsed.duplicates, unknownWords };
}

/** Failed items (all, or one) go back to the queue. */
export async function retryFailed(studyId: string, itemId?: string) {
  const failed = await db().generationItem.findMany({ where: { generation: { studyId }, status: 'FAILED', ...(itemId ? { id: itemId } : {}) } });
  await db().generationItem.updateMany({ where: { id: { in: failed.map((i) => i.id) } }, data: { status: 'PENDING', error: null } });
  await enqueuePrompts([...new Set(failed.map((i) => i.promptId))]);
  return { retried: failed.length };
}

/** Prompts with unfinished items, queued again: run by every worker at start and now and then (crash recovery). */
export async function requeueUnfinished(): Promise<number> {
  const rows = await db().generationItem.findMany({ where: { status: { in: ['PENDING', 'RUNNING'] } }, select: { promptId: true }, distinct: ['promptId'] });
  await enqueuePrompts(rows.map((r) => r.promptId));
  return rows.length;
}
