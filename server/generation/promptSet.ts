import { parse as parseCsv } from 'csv-parse/sync';

export const PROMPT_SET_LIMITS = { maxBytes: 1024 * 1024, maxPrompts: 1000, maxPromptChars: 200, maxTags: 10 } as const;

export interface PromptEntry {
  line: number;
  text: string;
  /** Unset: the study's seeds are used. */
  seed?: number;
  tags: string[];
}

export interface ParsedPromptSet {
  prompts: PromptEntry[];
  /** Repeats that were dropped, e.g. "line 7 repeats line 3". */
  duplicates: string[];
}

export class PromptSetError extends Error {
  constructor(readonly problems: string[]) {
    super(`The prompt set was refused (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.join('\n')}`);
  }
}

type Format = 'csv' | 'json' | 'text';

/**
 * Reads a prompt set: CSV (header with `prompt`, optional `seed`, `tags`), JSON (an array of strings or of
 * {prompt, seed?, tags?}), or plain text (one prompt a line; # starts a comment). Every problem is reported with
 * its line (or JSON item) number; nothing is returned unless the whole file is valid.
 */
export function parsePromptSet(bytes: Uint8Array, fileName = ''): ParsedPromptSet {
  if (bytes.length === 0) throw new PromptSetError(['the file is empty']);
  if (bytes.length > PROMPT_SET_LIMITS.maxBytes) {
    throw new PromptSetError([`the file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${PROMPT_SET_LIMITS.maxBytes / 1048576} MB`]);
  }
  const text = decodeUtf8(bytes);
  const format = detectFormat(fileName, text);
  const raw = format === 'json' ? jsonEntries(text) : format === 'csv' ? csvEntries(text) : textEntries(text);
  const problems: string[] = [];
  const prompts: PromptEntry[] = [];
  for (const entry of raw) {
    const where = format === 'json' ? `item ${entry.line}` : `line ${entry.line}`;
    const issues = entryProblems(entry);
    if (issues.length) problems.push(...issues.map((i) => `${where}: ${i}`));
    else prompts.push(toEntry(entry));
  }
  if (!problems.length && prompts.length === 0) problems.push('the file holds no prompt');
  if (prompts.length > PROMPT_SET_LIMITS.maxPrompts) problems.push(`${prompts.length} prompts; the limit is ${PROMPT_SET_LIMITS.maxPrompts}`);
  if (problems.length) throw new PromptSetError(problems);
  return dropDuplicates(prompts, format === 'json' ? 'item' : 'line');
}

function decodeUtf8(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Name the first line that does not decode.
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      const end = bytes.indexOf(0x0a, start);
      const stop = end === -1 ? bytes.length : end;
      try {
        decoder.decode(bytes.subarray(start, stop));
      } catch {
        throw new PromptSetError([`line ${line}: not valid UTF-8 text (save the file as UTF-8)`]);
      }
      start = stop + 1;
    }
    throw new PromptSetError(['the file is not valid UTF-8 text (save it as UTF-8)']);
  }
}

function detectFormat(fileName: string, text: string): Format {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'txt') return 'text';
  const head = text.trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return 'json';
  return /^\s*"?prompt"?\s*(,|$)/i.test(head.split('\n')[0]) ? 'csv' : 'text';
}

interface RawEntry {
  line: number;
  prompt: unknown;
  seed?: unknown;
  tags?: unknown;
}

function textEntries(text: string): RawEntry[] {
  return text
    .split(/\r?\n/)
    .map((prompt, i) => ({ line: i + 1, prompt: prompt.trim() }))
    .filter((e) => e.prompt !== '' && !(e.prompt as string).startsWith('#'));
}

function csvEntries(text: string): RawEntry[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new PromptSetError([`not valid CSV (${(error as Error).message})`]);
  }
  if (records.length && !('prompt' in records[0])) throw new PromptSetError(['line 1: the CSV header needs a "prompt" column']);
  return records.map((r, i) => ({ line: i + 2, prompt: r.prompt, seed: r.seed === '' ? undefined : r.seed, tags: r.tags }));
}

function jsonEntries(text: string): RawEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PromptSetError([`not valid JSON (${(error as Error).message})`]);
  }
  const items = Array.isArray(value) ? value : (value as { prompts?: unknown })?.prompts;
  if (!Array.isArray(items)) throw new PromptSetError(['JSON must be an array of prompts or {"prompts": [...]}']);
  return items.map((item, i) =>
    typeof item === 'string' ? { line: i + 1, prompt: item } : { line: i + 1, ...(item as object), prompt: (item as { prompt?: unknown })?.prompt },
  );
}

function entryProblems(e: RawEntry): string[] {
  const problems: string[] = [];
  if (typeof e.prompt !== 'string' || e.prompt.trim() === '') problems.push('the prompt is empty');
  else if (e.prompt.trim().length > PROMPT_SET_LIMITS.maxPromptChars) {
    problems.push(`the prompt has ${e.prompt.trim().length} characters; the limit is ${PROMPT_SET_LIMITS.maxPromptChars}`);
  }
  if (e.seed !== undefined && e.seed !== null) {
    const text = String(e.seed).trim();
    if (!/^\d+$/.test(text) || Number(text) > 2 ** 31 - 1) problems.push(`seed "${text}" is not a non-negative integer (0 … 2147483647)`);
  }
  if (e.tags !== undefined && typeof e.tags !== 'string' && !(Array.isArray(e.tags) && e.tags.every((t) => typeof t === 'string'))) {
    problems.push('tags must be text (separated by ;) or a list of strings');
  }
  return problems;
}

function toEntry(e: RawEntry): PromptEntry {
  const tags = (Array.isArray(e.tags) ? e.tags : String(e.tags ?? '').split(/[;|]/)).map((t) => String(t).trim()).filter(Boolean);
  return {
    line: e.line,
    text: (e.prompt as string).trim().replace(/\s+/g, ' '),
    ...(e.seed !== undefined && e.seed !== null ? { seed: Number(String(e.seed).trim()) } : {}),
    tags: tags.slice(0, PROMPT_SET_LIMITS.maxTags),
  };
}

function dropDuplicates(prompts: PromptEntry[], unit: string): ParsedPromptSet {
  const seen = new Map<string, number>();
  const kept: PromptEntry[] = [];
  const duplicates: string[] = [];
  for (const p of prompts) {
    const key = JSON.stringify([p.text.toLowerCase(), p.seed ?? null]);
    const first = seen.get(key);
    if (first !== undefined) duplicates.push(`${unit} ${p.line} repeats ${unit} ${first}: “${p.text}”`);
    else {
      seen.set(key, p.line);
      kept.push(p);
    }
  }
  return { prompts: kept, duplicates };
}
