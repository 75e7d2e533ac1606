/**
 * What the participant page (/s/<slug>) shows: the study, a message, or nothing, decided from the study's
 * status and the participant this browser already is (its cookie). Drafts are shown only to pilots; a closed
 * study only to participants who started before it closed, within the grace period (or who finished, to see
 * their code again).
 */
import { participantForToken } from '../participation/participants';
import { canContinue } from './grace';
import { DEFAULT_SCALE_LABELS } from './schemas';
import { findOpenStudyBySlug } from './studies';
import { httpUrlOrNull } from '../web/safeUrl';

export interface ParticipantStudy {
  slug: string;
  title: string;
  question: string;
  scaleLabels: string[];
  consentText: string;
  instructions: string;
  declineCode: string | null;
  declineRedirectUrl: string | null;
  minScreen: { width: number | null; height: number | null };
  pilot: boolean;
}

export type ParticipantPage = { kind: 'missing' } | { kind: 'closed' } | { kind: 'study'; study: ParticipantStudy };

export async function participantPage(slug: string, token: string | undefined): Promise<ParticipantPage> {
  const study = await findOpenStudyBySlug(slug).catch(() => null);
  if (!study) return { kind: 'missing' };
  const participant = await participantForToken(slug, token);
  const pilot = participant?.pilot ?? false;
  if (study.status === 'DRAFT' && !pilot) return { kind: 'missing' };
  if (study.status === 'CLOSED' && !(participant && canContinue(study, participant))) return { kind: 'closed' };
  return {
    kind: 'study',
    study: {
      slug,
      title: study.participantTitle,
      question: study.question,
      scaleLabels: study.scaleLabels.length === 5 ? study.scaleLabels : [...DEFAULT_SCALE_LABELS],
      consentText: study.consentText,
      instructions: study.instructions,
      declineCode: study.declineCode,
      declineRedirectUrl: httpUrlOrNull(study.declineRedirectUrl),
      minScreen: { width: study.minScreenWidth, height: study.minScreenHeight },
      pilot,
    },
  };
}
