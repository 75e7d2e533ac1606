import { parse as parseCsv } from 'csv-parse/sync';
import { zodMessage } from '../http/errors';
import { hasControlCharacters, jsonDepth } from '../http/text';
import { manifestRow, type ManifestRow } from './schemas';

/** A row's `config` is a small object of sampler settings: nesting beyond this is refused (a manifest 3000 deep was a 500). */
export const MAX_MANIFEST_DEPTH = 16;

export interface NumberedRow {
  line: number;
  row: ManifestRow;
}

export class ManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.join('\n')}`);
  }
}

/** Parses a CSV (header: prompt,seed,condition,file[,tags,generation_ms,config]) or JSON (array of rows) manifest. */
export function parseManifest(text: string, format: 'csv' | 'json'): NumberedRow[] {
  if (hasControlCharacters(text)) throw new ManifestError(['manifest: holds NUL or control characters (only tab and line breaks are allowed)']);
  const records = format === 'json' ? jsonRecords(text) : csvRecords(text);
  if (records.length === 0) throw new ManifestError(['manifest: no rows']);
  const problems: string[] = [];
  const rows: NumberedRow[] = [];
  for (const { line, record } of records) {
    const parsed = manifestRow.safeParse(record);
    if (parsed.success) rows.push({ line, row: parsed.data });
    else problems.push(`manifest ${format === 'json' ? 'item' : 'line'} ${line}: ${zodMessage(parsed.error)}`);
  }
  const seen = new Map<string, number>();
  for (const { line, row } of rows) {
    const key = JSON.stringify([row.prompt, row.seed, row.condition]);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`manifest line ${line}: same prompt, seed and condition as line ${first}`);
    else seen.set(key, line);
  }
  if (problems.length) throw new ManifestError(problems);
  return rows;
}

function csvRecords(text: string): { line: number; record: Record<string, string> }[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new ManifestError([`manifest: not valid CSV (${(error as Error).message})`]);
  }
  const header = Object.keys(records[0] ?? {});
  const missing = ['prompt', 'seed', 'condition', 'file'].filter((c) => records.length && !header.includes(c));
  if (missing.length) throw new ManifestError([`manifest: missing column(s) ${missing.join(', ')}`]);
  // Line numbers as a person counts them in the file: the header is line 1.
  return records.map((record, i) => ({ line: i + 2, record }));
}

function jsonRecords(text: string): { line: number; record: unknown }[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ManifestError([`manifest: not valid JSON (${(error as Error).message})`]);
  }
  if (jsonDepth(value, MAX_MANIFEST_DEPTH) > MAX_MANIFEST_DEPTH) throw new ManifestError([`manifest: nested deeper than ${MAX_MANIFEST_DEPTH} levels`]);
  const items = Array.isArray(value) ? value : (value as { images?: unknown })?.images;
  if (!Array.isArray(items)) throw new ManifestError(['manifest: JSON must be an array of rows or {"images": [...]}']);
  return items.map((record, i) => ({ line: i + 1, record }));
}
