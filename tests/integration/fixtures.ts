import sharp from 'sharp';
import { createStudy } from '../../server/studies/studies';
import { importImageSet } from '../../server/studies/importImages';
import type { CreateStudyInput } from '../../server/studies/schemas';

export async function solidPng(r: number, g: number, b: number, size = 16): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

/** A manifest + files bundle with `prompts` prompts in each of `conditions`. */
export async function imageBundle(prompts: number, conditions = ['dense', 'ras-50']) {
  const files = new Map<string, Buffer>();
  const lines = ['prompt,seed,condition,file'];
  for (let p = 0; p < prompts; p++) {
    for (const [ci, c] of conditions.entries()) {
      const file = `${c}/${p}.png`;
      files.set(file, await solidPng((p * 37) % 256, (ci * 90) % 256, 40));
      lines.push(`prompt number ${p},${p},${c},${file}`);
    }
  }
  return { manifestText: lines.join('\n'), manifestFormat: 'csv' as const, files };
}

export const studyInput = (over: Partial<CreateStudyInput> = {}): CreateStudyInput => ({
  title: 'Test study',
  instructions: 'Pick the better image.',
  consentText: 'You agree.',
  trialsPerParticipant: 5,
  targetVotesPerComparison: 3,
  attentionCheckRate: 0,
  completionCode: 'DONE-123',
  ...over,
});

export async function studyWithImages(prompts: number, over: Partial<CreateStudyInput> = {}, conditions?: string[]) {
  const study = await createStudy(studyInput(over));
  await importImageSet(study.id, await imageBundle(prompts, conditions));
  return study;
}

/** What a browser does before it can vote: fetch both images of the trial with the participant's cookie token. */
export async function fetchTrialImages(participantToken: string, trial: { leftToken: string; rightToken: string }) {
  const { serveTrialImage } = await import('../../server/participation/images');
  for (const t of [trial.leftToken, trial.rightToken]) {
    if (!(await serveTrialImage(t, [participantToken]))) throw new Error(`image ${t} not served`);
  }
}

/** Fetches a trial's images, then votes. */
export async function answerTrial(
  participantId: string,
  participantToken: string,
  trial: { id: string; leftToken: string; rightToken: string },
  choice: number,
  idempotencyKey = `k-${trial.id}`,
) {
  const { submitVote } = await import('../../server/participation/votes');
  await fetchTrialImages(participantToken, trial);
  return submitVote(participantId, { trialId: trial.id, choice, responseMs: 1500, idempotencyKey });
}
