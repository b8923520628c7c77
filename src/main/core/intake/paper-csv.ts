import Papa from 'papaparse';
import type BetterSqlite3 from 'better-sqlite3';
import type { ErrorIssue } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { isIsoDate } from '../../../shared/domain/dates';
import { rowIssue, headerIssue } from '../../../shared/intake/submission';
import { PAPER_CSV_COLUMNS, normalizeColumn, parseHours } from '../../../shared/intake/paper-csv';
import { actorOf } from '../context';
import { applyAction, type AttendanceInput } from '../workflow/engine';
import { invalidFile } from './errors';
import { dayProblem, Lookup, type PaymentRef, type PeriodRow } from './lookup';

// Import of paper attendance keyed into a spreadsheet (docs/formats/paper-attendance-csv.md).
// Each payment named in the file gets Record paper attendance (or Edit attendance when it was
// already received) as the signed-in Approver. All or nothing: call inside one write transaction.

export interface PaperItem {
  paymentId: number;
  licenseNumber: string;
  period: string;
  action: 'record-paper-attendance' | 'edit-attendance';
  rows: number;
}

export interface PaperOutcome {
  fileName: string;
  rows: number;
  recorded: number;
  edited: number;
  items: PaperItem[];
  message: string;
}

interface Group {
  payment: PaymentRef;
  period: PeriodRow;
  licenseNumber: string;
  rows: AttendanceInput[];
  seen: Map<string, number>;
}

type Column = (typeof PAPER_CSV_COLUMNS)[number];

/** Reads and checks every row; returns the rows grouped by payment, or every problem found. */
function readFile(sql: BetterSqlite3.Database, content: string): { groups: Map<number, Group>; rows: number } | ErrorIssue[] {
  const lookup = new Lookup(sql);
  const issues: ErrorIssue[] = [];
  const groups = new Map<number, Group>();
  const targets = new Map<string, { group?: Group; problem?: { field: Column; message: string } }>();
  let index: Record<Column, number> | null = null;
  let line = 0;
  let rows = 0;

  const target = (license: string, code: string) => {
    const key = `${license}|${code}`;
    let t = targets.get(key);
    if (t) return t;
    const provider = lookup.provider(license);
    const period = lookup.period(code);
    const payment = provider && period ? lookup.payment(provider.id, period.id) : undefined;
    if (!provider) t = { problem: { field: 'license_number', message: `there is no provider with license number ${license}` } };
    else if (!period) t = { problem: { field: 'period', message: `there is no service period ${code}` } };
    else if (!payment) t = { problem: { field: 'period', message: `there is no payment for ${license} in ${code} yet: generate the period's payments first` } };
    else {
      let group = groups.get(payment.id);
      if (!group) groups.set(payment.id, (group = { payment, period, licenseNumber: license, rows: [], seen: new Map() }));
      t = { group };
    }
    targets.set(key, t);
    return t;
  };

  Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    step: ({ data, errors }) => {
      line += 1;
      if (index === null) {
        index = headerIndex(data, issues);
        return;
      }
      if (errors.length > 0) {
        issues.push(rowIssue(line, 'row', errors[0].message));
        return;
      }
      rows += 1;
      const cell = (c: Column) => (data[index![c]] ?? '').trim();
      const at = (field: string, message: string) => issues.push(rowIssue(line, field, message));
      const license = cell('license_number');
      const code = cell('period');
      const caseNumber = cell('case_number');
      const date = cell('date');
      const hoursText = cell('hours');
      const absence = cell('absence_code').toUpperCase();
      let bad = false;
      for (const [c, v] of [['license_number', license], ['period', code], ['case_number', caseNumber], ['date', date]] as const) {
        if (!v) {
          at(c, 'is empty');
          bad = true;
        }
      }
      if (date && !isIsoDate(date)) {
        at('date', `"${date.slice(0, 20)}" is not a date as YYYY-MM-DD`);
        bad = true;
      }
      const hours = parseHours(hoursText);
      if (hoursText && hours === null) {
        at('hours', `"${hoursText.slice(0, 20)}" is not a number of hours from 0 to 24`);
        bad = true;
      }
      if (absence && absence !== 'ABSENT' && absence !== 'CLOSED') {
        at('absence_code', `"${absence.slice(0, 20)}" must be ABSENT or CLOSED`);
        bad = true;
      } else if (hoursText && absence) {
        at('absence_code', 'give hours or an absence code, not both');
        bad = true;
      } else if (!hoursText && !absence) {
        at('hours', 'give the hours attended, or an absence code (ABSENT or CLOSED)');
        bad = true;
      }
      const childId = caseNumber ? lookup.child(caseNumber) : null;
      if (caseNumber && childId === null) {
        at('case_number', `there is no child with case number ${caseNumber}`);
        bad = true;
      }
      if (!license || !code) return;
      const t = target(license, code);
      if (t.problem) return void at(t.problem.field, t.problem.message);
      if (bad || childId === null) return;
      const group = t.group!;
      const problem = dayProblem(date, lookup.authorized(group.payment.providerId, group.period).get(childId), group.period, 'case_number', caseNumber);
      if (problem) return void at(problem.field, problem.message);
      const key = `${childId}|${date}`;
      const first = group.seen.get(key);
      if (first !== undefined) return void at('date', `${caseNumber} on ${date} is already on row ${first}: one row per child per day`);
      group.seen.set(key, line);
      group.rows.push({ childId, date, hours: absence ? null : hours, absenceCode: absence ? (absence as 'ABSENT' | 'CLOSED') : null });
    },
  });
  if (index === null) issues.push(headerIssue('file', `is empty: the first row names the columns ${PAPER_CSV_COLUMNS.join(', ')}`));
  else if (rows === 0 && issues.length === 0) issues.push(headerIssue('file', 'has no attendance rows under its header'));
  return issues.length > 0 ? issues : { groups, rows };
}

function headerIndex(cells: string[], issues: ErrorIssue[]): Record<Column, number> {
  const names = cells.map(normalizeColumn);
  const index = {} as Record<Column, number>;
  names.forEach((n, i) => {
    if (!(PAPER_CSV_COLUMNS as readonly string[]).includes(n)) issues.push(rowIssue(1, cells[i] || `column ${i + 1}`, 'is not a column of this format'));
    else if (index[n as Column] !== undefined) issues.push(rowIssue(1, n, 'is given twice'));
    else index[n as Column] = i;
  });
  for (const c of PAPER_CSV_COLUMNS) if (index[c] === undefined) issues.push(rowIssue(1, c, 'column is missing'));
  return index;
}

/** Imports one paper attendance CSV as the signed-in Approver. Call inside one write transaction. */
export function importPaperCsv(
  sql: BetterSqlite3.Database,
  file: { fileName: string; content: string },
  user: SessionUser,
  now: string,
): PaperOutcome {
  const read = readFile(sql, file.content);
  if (Array.isArray(read)) throw invalidFile(file.fileName, read);
  const actor = actorOf(user, 'Approver');
  const items: PaperItem[] = [];
  for (const g of read.groups.values()) {
    const action = g.payment.receivedAt ? 'edit-attendance' : 'record-paper-attendance';
    applyAction(sql, { paymentId: g.payment.id, action, actor, user, attendance: { rows: g.rows, source: 'paper' }, details: { file: file.fileName } }, now);
    items.push({ paymentId: g.payment.id, licenseNumber: g.licenseNumber, period: g.period.code, action, rows: g.rows.length });
  }
  const recorded = items.filter((i) => i.action === 'record-paper-attendance').length;
  return {
    fileName: file.fileName,
    rows: read.rows,
    recorded,
    edited: items.length - recorded,
    items,
    message: `${file.fileName}: ${read.rows} days on ${items.length} payments (${recorded} recorded, ${items.length - recorded} edited).`,
  };
}
