import { stringify } from 'csv-stringify/sync';

export function toCsv<T extends object>(rows: T[], columns?: (keyof T & string)[]): string {
  const cols = columns ?? (rows[0] ? (Object.keys(rows[0]) as (keyof T & string)[]) : []);
  return stringify(rows as Record<string, unknown>[], { header: true, columns: cols, cast: { boolean: (v) => (v ? 'true' : 'false') } });
}
