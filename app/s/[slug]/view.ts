// What the participant API answers: the one declaration is server/participation/blind.ts, which decides its content.
import type { ParticipantTrialView, ParticipantView } from '@/server/participation/blind';

export type TrialInfo = ParticipantTrialView;
export type TrialStage = Extract<ParticipantView, { stage: 'trial' }>;
export type View = { stage: 'consent' } | ParticipantView;
