/** Everything the admin study page shows, in one call: the page itself only renders it. */
import { db } from '../db/client';
import { env } from '../env';
import { planOf } from './plan';
import { studyPreview } from './preview';
import { designCounts, designWarnings } from './design';
import { getStudy } from './studies';

export async function studyAdminView(id: string, host: string) {
  const study = await getStudy(id);
  const [preview, generation, design, pilots, participants] = await Promise.all([
    studyPreview(id),
    db().generation.findUnique({ where: { studyId: id } }),
    designCounts(id),
    db().participant.count({ where: { studyId: id, pilot: true } }),
    db().participant.count({ where: { studyId: id, pilot: false } }),
  ]);
  const base = env().PUBLIC_URL ?? `http://${host}`;
  return {
    study,
    preview,
    generation,
    design,
    pilots,
    participants,
    warnings: designWarnings(study, design),
    plan: planOf(study).settings,
    participantLink: `${base.replace(/\/$/, '')}/s/${study.slug}`,
  };
}
