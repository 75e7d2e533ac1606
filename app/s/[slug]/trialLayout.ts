import { DEFAULT_SCALE_LABELS } from '@/server/studies/schemas';

// Where the two images of a trial go and how large they are drawn, from the space the page leaves for them
// and the images' native size. Pure, so the rule can be read (and checked) in one place.
//
// The rule: side by side (Left | Right) whenever each image still gets at least its native size, since that is
// the natural way to compare two pictures and what the paper's study showed. Otherwise whichever arrangement
// draws the images larger. On a 390×844 phone that means: small images (the 64×64 emoji model, the 24×24 test
// set) side by side at about 170 px each, still 2.6× their native size; 512 or 1024 px images stacked
// (Top / Bottom) at about 330 px instead of 175 px side by side, because at 175 px a 512 px image loses two
// thirds of its resolution, which hides exactly the fine detail a quality comparison is about. On a desktop
// screen side by side is always at least as large, so participants there see Left | Right as before.

export type Arrangement = 'side' | 'stacked';
export interface Size {
  width: number;
  height: number;
}
export interface TrialLayout {
  arrangement: Arrangement;
  /** What the first and the second image are called on screen and on the answer buttons. */
  names: readonly [string, string];
  /** The size each image is drawn at, in CSS pixels. */
  image: Size;
  /** Drawn at least at native size: upscaled pixels are kept sharp instead of smoothed. */
  upscaled: boolean;
}

/** Space between the two images and the height of the caption under each, in CSS pixels (see TrialView). */
export const IMAGE_GAP = 12;
export const CAPTION_HEIGHT = 24;
/** Small images are not blown up past this (36rem), large ones are never drawn larger than native. */
const COMFORTABLE = 576;
/** Below this the page scrolls instead (the answer bar stays on screen). */
const SMALLEST = 96;

const NAMES: Record<Arrangement, readonly [string, string]> = { side: ['Left', 'Right'], stacked: ['Top', 'Bottom'] };

/**
 * The five answers, choice 1 … 5: 1 = the first (left or top) image clearly better. `templates` are the study's
 * labels, where {first} and {second} stand for the side names (server/studies/schemas.ts DEFAULT_SCALE_LABELS).
 * `who` is the side a label names (shown on a line of its own on phones), `how` the rest.
 */
export function scaleLabels([first, second]: readonly [string, string], templates: readonly string[] = DEFAULT_SCALE_LABELS) {
  return templates.map((template) => {
    const side = template.includes('{first}') ? first : template.includes('{second}') ? second : '';
    const label = template.replaceAll('{first}', first).replaceAll('{second}', second);
    const leading = side && /^\{(first|second)\}\s*/.test(template);
    return { who: leading ? side : '', how: leading ? template.replace(/^\{(first|second)\}\s*/, '') : label, label };
  });
}

const fit = (cell: Size, native: Size) => Math.min(cell.width / native.width, cell.height / native.height);

/**
 * `area`: the width and height free for both images with their captions; `native`: the larger of the two
 * images' native sizes, or null while unknown (then side by side, filling the space); `dpr`: device pixels per
 * CSS pixel.
 */
export function trialLayout(area: Size, native: Size | null, dpr = 1): TrialLayout {
  const nat = native ?? { width: 1, height: 1 };
  const side = fit({ width: (area.width - IMAGE_GAP) / 2, height: area.height - CAPTION_HEIGHT }, nat);
  const stacked = fit({ width: area.width, height: (area.height - IMAGE_GAP) / 2 - CAPTION_HEIGHT }, nat);
  const arrangement: Arrangement = native === null || side >= 1 || side >= stacked ? 'side' : 'stacked';
  const longest = Math.max(nat.width, nat.height);
  const room = arrangement === 'side' ? side : stacked;
  const scale = native ? drawScale(Math.min(room, Math.max(1, COMFORTABLE / longest)), dpr) : room;
  const floored = Math.max(scale, SMALLEST / longest);
  return {
    arrangement,
    names: NAMES[arrangement],
    image: { width: nat.width * floored, height: nat.height * floored },
    upscaled: floored >= 1,
  };
}

/**
 * Upscaling draws every source pixel as the same whole number of device pixels (the largest that fits, at
 * least native size), so neither image gets the uneven pixel rows of a fractional nearest-neighbour scale.
 * Downscaled images are smoothed by the browser at any scale.
 */
function drawScale(scale: number, dpr: number): number {
  return scale < 1 ? scale : Math.max(1, Math.floor(scale * dpr) / dpr);
}
