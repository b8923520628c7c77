import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import type { HandlerArgs } from '../../../../../shared/api/contract';

// Pure helpers of the attendance review grid: which children, which days, and the cell text
// a user types ("8", "7.5", "A" = absent, "C" = closed, empty = no record).

export type AttendanceRowInput = NonNullable<HandlerArgs<'payments-act'>['attendance']>['rows'][number];

export interface ChildLine {
  childId: number;
  name: string;
  caseNumber: string;
  /** Days the child is authorized here during the period (null: unknown, every day open). */
  spans: Array<{ from: string; to: string }> | null;
}

export const cellKey = (childId: number, date: string) => `${childId}|${date}`;

export function cellText(hours: number | null, absenceCode: string | null): string {
  if (absenceCode === 'ABSENT') return 'A';
  if (absenceCode === 'CLOSED') return 'C';
  return hours === null ? '' : String(hours);
}

/** The text of a cell as an attendance value; undefined when it is not one. */
export function parseCell(text: string): { hours: number | null; absenceCode: 'ABSENT' | 'CLOSED' | null } | undefined {
  const t = text.trim().toUpperCase();
  if (t === '') return { hours: null, absenceCode: null };
  if (t === 'A' || t === 'ABSENT') return { hours: null, absenceCode: 'ABSENT' };
  if (t === 'C' || t === 'CLOSED') return { hours: null, absenceCode: 'CLOSED' };
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(t)) return undefined;
  const hours = Number(t);
  return hours <= 24 ? { hours, absenceCode: null } : undefined;
}

/**
 * Children with attendance, plus those the core lists as authorized for the payment (the same
 * list for staff and for the payment's own provider), one line per child.
 */
export function childLines(detail: PaymentDetail): ChildLine[] {
  const lines = new Map<number, ChildLine>();
  for (const a of detail.attendance) {
    if (!lines.has(a.childId)) lines.set(a.childId, { childId: a.childId, name: a.childName, caseNumber: a.caseNumber, spans: null });
  }
  for (const a of detail.authorizedChildren) {
    const line = lines.get(a.childId) ?? { childId: a.childId, name: a.childName, caseNumber: a.caseNumber, spans: [] };
    line.spans = [...(line.spans ?? []), { from: a.startDate, to: a.endDate }];
    lines.set(a.childId, line);
  }
  return [...lines.values()].sort((x, y) => x.name.localeCompare(y.name) || x.childId - y.childId);
}

export function isOpen(line: ChildLine, date: string): boolean {
  return line.spans === null || line.spans.length === 0 || line.spans.some((s) => s.from <= date && date <= s.to);
}

/** The changed cells as attendance rows for the core; null when a cell holds something that is not a value. */
export function changedRows(edits: Map<string, string>, original: Map<string, string>): AttendanceRowInput[] | null {
  const rows: AttendanceRowInput[] = [];
  for (const [key, text] of edits) {
    if ((original.get(key) ?? '') === text.trim().toUpperCase()) continue;
    const value = parseCell(text);
    if (!value) return null;
    const [childId, date] = key.split('|');
    rows.push({ childId: Number(childId), date, ...value });
  }
  return rows;
}

/** The recorded attendance as cell texts. */
export function originalCells(detail: PaymentDetail): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of detail.attendance) m.set(cellKey(a.childId, a.date), cellText(a.hours, a.absenceCode));
  return m;
}

/** Every filled cell of the sheet as shown (recorded values with the user's changes): a whole submission. */
export function sheetRows(lines: ChildLine[], days: string[], edits: Map<string, string>, original: Map<string, string>): AttendanceRowInput[] | null {
  const rows: AttendanceRowInput[] = [];
  for (const line of lines) {
    for (const date of days) {
      const key = cellKey(line.childId, date);
      const value = parseCell(edits.get(key) ?? original.get(key) ?? '');
      if (!value) return null;
      if (value.hours !== null || value.absenceCode !== null) rows.push({ childId: line.childId, date, ...value });
    }
  }
  return rows;
}
