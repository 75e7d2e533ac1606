/** The 5-level scale as shown: 1 = left clearly better … 5 = right clearly better. */
export const CHOICE_LABELS = [
  'Left clearly better',
  'Left slightly better',
  'Similar',
  'Right slightly better',
  'Right clearly better',
] as const;

/** Signed score of the left image over the right one: +2 … −2. */
export const leftScore = (choice: number) => 3 - choice;

/** Signed score of condition A over condition B, given which side A was shown on. */
export const scoreAOverB = (choice: number, leftIsA: boolean) => (leftIsA ? leftScore(choice) : -leftScore(choice)) || 0;
