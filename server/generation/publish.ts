import { db } from '../db/client';
import { badRequest, conflict, notFound } from '../http/errors';
import { makeCheckImages } from '../studies/checkImages';
import { checkSourceKeys, createComparisons } from '../studies/comparisons';
import { setStudyStatus } from '../studies/studies';

/**
 * Publishing a generated study: the comparisons of every prompt not excluded (all of whose images exist),
 * then the study opens. Refused while images are missing.
 */
export async function publishStudy(studyId: string) {
  const study = await db().study.findUnique({ where: { id: studyId } });
  if (!study) throw notFound('Study not found');
  if (study.status !== 'DRAFT') throw conflict('Only a draft study can be published');
  const unfinished = await db().generationItem.count({ where: { generation: { studyId }, status: { not: 'DONE' }, prompt: { excluded: false } } });
  if (unfinished > 0) throw badRequest(`${unfinished} image(s) are not generated yet: wait, retry the failed ones, or exclude their prompts`);
  const images = await db().image.findMany({ where: { studyId, prompt: { excluded: false } }, include: { condition: true } });
  const checkImages = await makeCheckImages(checkSourceKeys(images));
  await db().$transaction(async (tx) => {
    await tx.comparison.deleteMany({ where: { studyId } });
    const prompts = await tx.prompt.findMany({ where: { studyId, excluded: false }, select: { id: true } });
    const created = await createComparisons(tx, studyId, prompts.map((p) => p.id), checkImages);
    if (created === 0) throw badRequest('Nothing to publish: every prompt is excluded');
  });
  return setStudyStatus(studyId, 'OPEN');
}

/** Demo studies (settings.autoPublish) open by themselves once every image exists. */
export async function publishIfComplete(studyId: string): Promise<boolean> {
  const study = await db().study.findUnique({ where: { id: studyId } });
  if (!study || study.status !== 'DRAFT' || !(study.settings as { autoPublish?: boolean }).autoPublish) return false;
  const unfinished = await db().generationItem.count({ where: { generation: { studyId }, status: { not: 'DONE' } } });
  if (unfinished > 0) return false;
  await publishStudy(studyId).catch(() => {});
  return true;
}

export async function setPromptExcluded(studyId: string, promptId: string, excluded: boolean) {
  const study = await db().study.findUnique({ where: { id: studyId } });
  if (!study) throw notFound('Study not found');
  if (study.status !== 'DRAFT') throw conflict('Prompts can only be excluded before the study is published');
  const updated = await db().prompt.updateMany({ where: { id: promptId, studyId }, data: { excluded } });
  if (updated.count === 0) throw notFound('No such prompt in this study');
}
