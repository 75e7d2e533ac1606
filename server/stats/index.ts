/** Public surface of the statistics layer: pure functions over vote rows (docs/statistics.md). */
export { analyzeStudy, type StudyAnalysis } from './analyze';
export { studySettingsSchema, parseStudySettings, type StudySettings, type StudySettingsInput } from './settings';
export type { Outcome } from './outcome';
export {
  tostSampleSize,
  tostPower,
  participantMeanSd,
  scoreSd,
  DEFAULT_VOTE_SD,
  PAPER_VOTE_SD,
  PAPER_VOTES,
  type SampleSize,
  type SampleSizeInput,
} from './sampleSize';
