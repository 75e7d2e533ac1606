import { stringify } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe, so a prompt like `=HYPERLINK(…)` stays text (OWASP "CSV injection"). Plain numbers are left alone.
 */
export function neutralizeFormula(value: string): string {
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return value; // a plain number is no formula
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV with a header row, also when there are no rows. Every text cell passes neutralizeFormula. */
export function toCsv<T extends object>(rows: T[], columns: (keyof T & string)[]): string {
  const cols = columns;
  return stringify(rows as Record<string, unknown>[], { header: true, columns: cols, cast: { boolean: (v) => (v ? 'true' : 'false'), string: (v) => neutralizeFormula(v) } });
}
