// CSV for a spreadsheet, written in the browser, by the rules of the server's outcomes export
// (src/api/analytics.cc, csv_field): CRLF line ends; a field is quoted when it holds a comma, a
// quote or a line break, its quotes doubled; text starting with =, +, - or @ gets a leading ' so a
// spreadsheet never runs it as a formula — names come from users. Numbers we write ourselves are
// never prefixed (-0.25 stays a number); a missing value (null) is an empty field.

export type CsvValue = string | number | null | undefined;

const kFormulaStart = /^[=+\-@]/;
const kNeedsQuotes = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = kFormulaStart.test(value) ? `'${value}` : value;
  return kNeedsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV text, each line ended by CRLF. */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** A fraction or a score rounded to four decimals (the server writes four); null stays null. */
export function decimal(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(4));
}

/** `weft-network-2026-11-30.csv`: the report's name and today's date (UTC, as the server's). */
export function csvFilename(report: string, now: Date = new Date()): string {
  return `weft-${report}-${now.toISOString().slice(0, 10)}.csv`;
}

/** Saves `text` as the file `filename`: a Blob behind an object URL, followed by a download link. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; give it a moment before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
