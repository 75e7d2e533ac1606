/**
 * What a participant's browser can measure about the two images of a trial without looking at them, and
 * guessers that try to tell the conditions apart from it. Used by the leak test (e2e/blind-leak.spec.ts) and
 * `npm run audit:blind`. A guess is "the left image is condition B"; a guesser is at chance when its accuracy
 * cannot be told from 50 % by an exact binomial test.
 */
import { binomTwoSidedP } from '../stats/binomial';

export interface FetchedImage {
  token: string;
  status: number;
  bytes: Uint8Array;
  /** Response headers that do not merely state the time (Date). */
  headers: Record<string, string>;
  /** Milliseconds from sending the request to the whole body received. */
  ms: number;
}

export interface ObservedTrial {
  left: FetchedImage;
  right: FetchedImage;
  /** Ground truth, from the export after the vote: is the left image condition B (e.g. RAS)? */
  leftIsB: boolean;
}

/** Total length of a PNG's IDAT chunks (its compressed pixel data), or −1 if the bytes are not a PNG. */
export function idatLength(png: Uint8Array): number {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (view.length < 8 || view.readUInt32BE(0) !== 0x89504e47) return -1;
  let total = 0;
  for (let at = 8; at + 8 <= view.length; ) {
    const length = view.readUInt32BE(at);
    if (view.toString('ascii', at + 4, at + 8) === 'IDAT') total += length;
    at += 12 + length;
  }
  return total;
}

/** PNG chunk types and lengths other than IDAT's: where a padding chunk would show. */
export function chunkLayout(png: Uint8Array): string {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const out: string[] = [];
  for (let at = 8; at + 8 <= view.length; ) {
    const length = view.readUInt32BE(at);
    const type = view.toString('ascii', at + 4, at + 8);
    out.push(type === 'IDAT' ? 'IDAT' : `${type}:${length}`);
    at += 12 + length;
  }
  return out.join(' ');
}

const headerText = (h: Record<string, string>) => JSON.stringify(Object.entries(h).sort());
const tokenSum = (t: string) => [...t].reduce((s, c) => s + c.charCodeAt(0), 0);

/**
 * Each guesser says "left is B" from one measurable property; ties fall to "right is B", which is right half
 * of the time because sides are random. "Larger is B" follows the finding that RAS images compressed worse.
 */
export const GUESSERS: Record<string, (t: ObservedTrial) => boolean> = {
  'larger response is B': (t) => t.left.bytes.length > t.right.bytes.length,
  'larger compressed pixel data (IDAT) is B': (t) => idatLength(t.left.bytes) > idatLength(t.right.bytes),
  'different chunk layout: longer layout is B': (t) => chunkLayout(t.left.bytes) > chunkLayout(t.right.bytes),
  'headers sort later is B': (t) => headerText(t.left.headers) > headerText(t.right.headers),
  'slower response is B': (t) => t.left.ms > t.right.ms,
  'token sorts later is B': (t) => t.left.token > t.right.token,
  'token with the larger character sum is B': (t) => tokenSum(t.left.token) > tokenSum(t.right.token),
  'longer token is B': (t) => t.left.token.length > t.right.token.length,
};

export interface GuesserResult {
  guesser: string;
  correct: number;
  trials: number;
  accuracy: number;
  pValue: number;
}

export function scoreGuessers(trials: ObservedTrial[]): GuesserResult[] {
  return Object.entries(GUESSERS).map(([guesser, guess]) => {
    const correct = trials.filter((t) => guess(t) === t.leftIsB).length;
    return { guesser, correct, trials: trials.length, accuracy: correct / trials.length, pValue: binomTwoSidedP(correct, trials.length) };
  });
}

/**
 * Power of the exact two-sided binomial test at level `alpha` to reject 50 % when a guesser is right with
 * probability `p`: the chance that its number of correct guesses lands in the rejection region.
 */
export function powerAgainst(p: number, n: number, alpha: number): number {
  let power = 0;
  let logPmf = n * Math.log(1 - p); // k = 0
  for (let k = 0; k <= n; k++) {
    if (k > 0) logPmf += Math.log((n - k + 1) / k) + Math.log(p / (1 - p));
    if (binomTwoSidedP(k, n) <= alpha) power += Math.exp(logPmf);
  }
  return power;
}
