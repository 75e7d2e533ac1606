import { stringify } from 'csv-stringify/sync';

/** CSV with a header row, also when there are no rows. */
export function toCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cols = columns;
  return stringify(rows as Record<string, unknown>[], { header: true, columns: cols, cast: { boolean: (v) => (v ? 'true' : 'false') } });
}
