/**
 * One set of numbers: every view of a study's results (dashboard chart and findings, report, methods
 * paragraph, exports) is computed here from the same vote rows under the same chosen analysis, so no two of
 * them can disagree on a count.
 */
import { analyzeStudy } from '../stats';
import { applyExclusions } from '../stats/exclusions';
import { getStudy } from '../studies/studies';
import { comparisonSummary, participantSummary } from './analysis';
import { chooseAnalysis } from './analysisChoice';
import { participantFlow, trialsAnswered } from './flow';
import { participantRecords } from './participantRecords';
import { reportPromptCount } from './report';
import { summarize } from './summary';
import { voteRows } from './votes';

export async function studyResults(studyId: string, query: URLSearchParams = new URLSearchParams()) {
  const study = await getStudy(studyId);
  const chosen = await chooseAnalysis(study.id, query);
  const [rows, records] = await Promise.all([voteRows(study.id), participantRecords(study.id)]);
  const { kept, report } = applyExclusions(rows, chosen.settings.exclusions);
  const analysis = analyzeStudy(rows, chosen.settings);
  const excludedIds = new Set(report.participants.excludedIds);
  return {
    study,
    label: chosen.label,
    settings: chosen.settings,
    rows,
    kept,
    exclusions: report,
    analysis,
    /** Distributions for the charts: the kept votes only, as every finding uses. */
    summary: summarize(kept),
    flow: participantFlow(records, report, new Date()),
    trialsAnswered: trialsAnswered(records, report),
    comparisons: comparisonSummary(kept),
    participants: participantSummary(rows, report, chosen.settings.fastMs),
    isKept: (participantId: string) => !excludedIds.has(participantId),
    /** Prompt/seed combinations in the design (excluded prompts do not count): the methods paragraph's figure. */
    promptCount: await reportPromptCount(study.id),
    /** Each prompt's text by id, for chart and table labels. */
    promptText: Object.fromEntries(rows.map((r) => [r.prompt_id, r.prompt])) as Record<string, string>,
  };
}

export type StudyResults = Awaited<ReturnType<typeof studyResults>>;
