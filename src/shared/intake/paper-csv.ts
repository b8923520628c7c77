// The paper attendance CSV (docs/formats/paper-attendance-csv.md): the columns and the cell rules
// the app's grid and the import share.

export const PAPER_CSV_COLUMNS = ['license_number', 'period', 'case_number', 'date', 'hours', 'absence_code'] as const;
/** Characters of CSV text; about 1.5 million rows. */
export const PAPER_CSV_MAX_CHARS = 64 * 1024 * 1024;

/** "License Number", "license-number" and "LICENSE_NUMBER" all name license_number. */
export function normalizeColumn(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** "7.5" -> 7.5; "" -> null; anything else that is not 0 to 24 hours -> null. */
export function parseHours(text: string): number | null {
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(text)) return null;
  const hours = Number(text);
  return hours >= 0 && hours <= 24 ? hours : null;
}
