// What the participant API answers (server/participation/blind.ts decides its content).

export type TrialInfo = { trialId: string; number: number; total: number; left: string; right: string };
export type TrialStage = { stage: 'trial'; trial: TrialInfo; next: { left: string; right: string } | null };
export type View = { stage: 'consent' } | TrialStage | { stage: 'done'; completionCode: string; redirectUrl: string | null };
