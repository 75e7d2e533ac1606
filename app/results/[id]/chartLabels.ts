// Text of the results figures (charts.tsx), pure so it can be tested.

/** Splits a label into lines of at most `max` characters at spaces (a longer word is cut), at most `lines` lines. */
export function wrapLabel(text: string, max = 34, lines = 3): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max) line = next;
    else {
      if (line) out.push(line);
      line = word.length > max ? `${word.slice(0, max - 1)}…` : word;
    }
  }
  if (line) out.push(line);
  if (out.length > lines) return [...out.slice(0, lines - 1), `${out[lines - 1]!.slice(0, max - 1)}…`];
  return out.length ? out : [''];
}

/** Axis ticks as whole numbers (never 100.00000000000001 %). */
export const percentTick = (x: number) => `${Math.round(x)} %`;
