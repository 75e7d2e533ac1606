/**
 * Pilot mode: an admin or researcher takes the study as a participant would, blinded (the same participant
 * page and API), in any status. The participant is marked pilot: its trials do not count toward any
 * comparison's load and its answers never reach a statistic or an export (voteRows and participantRecords
 * leave pilots out).
 */
import { badRequest } from '../http/errors';
import { startParticipant } from '../participation/participants';
import { designCounts } from './design';
import { getStudy } from './studies';

export async function startPilot(studyId: string) {
  const study = await getStudy(studyId);
  const counts = await designCounts(studyId);
  if (counts.comparisonsCreated === 0) {
    throw badRequest(
      counts.comparisons > 0
        ? 'The comparisons of a generated study are created when it is published: a pilot can start after that'
        : 'The study has no comparisons yet: add images in at least two conditions first',
    );
  }
  const { token, participantId } = await startParticipant(study.slug, {}, undefined, { pilot: true });
  return { token, participantId, slug: study.slug, url: `/s/${study.slug}` };
}
