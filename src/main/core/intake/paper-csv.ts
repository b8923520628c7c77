import type { Queryable, Tx } from '../db/engine/port';
import type { ErrorIssue } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { isIsoDate } from '../../../shared/domain/dates';
import { rowIssue, headerIssue } from '../../../shared/intake/submission';
import { PAPER_CSV_COLUMNS, normalizeColumn, parseHours } from '../../../shared/intake/paper-csv';
import { actorOf } from '../context';
import { agencyToday } from '../settings/today';
import { textFileProblem } from '../../../shared/domain/text-file';
import { formatCountOf } from '../../../shared/format';
import { changedRows } from '../workflow/attendance';
import { reconcilePeriod } from '../reconciliation/reconcile';
import { applyAction, type AttendanceInput } from '../workflow/engine';
import { forEachCsvRow } from './csv-rows';
import { invalidFile } from './errors';
import { dayProblem, Lookup, type AuthSpan, type PaymentRef, type PeriodRow } from './lookup';

// Import of paper attendance keyed into a spreadsheet (docs/formats/paper-attendance-csv.md).
// Each payment named in the file gets Record paper attendance (Edit attendance when it was already
// received, Submit corrections when corrections were required) as the signed-in Approver.
// All or nothing: call inside one write transaction.

export interface PaperItem {
  paymentId: number;
  licenseNumber: string;
  period: string;
  action: 'record-paper-attendance' | 'edit-attendance' | 'submit-corrections' | 'record-attendance-paid-in-advance';
  rows: number;
}

export interface PaperOutcome {
  fileName: string;
  rows: number;
  recorded: number;
  edited: number;
  corrected: number;
  /** Payments whose days in the file were all recorded as they are already: left alone. */
  unchanged: number;
  items: PaperItem[];
  message: string;
}

interface Group {
  payment: PaymentRef;
  period: PeriodRow;
  licenseNumber: string;
  rows: AttendanceInput[];
  spans: Map<number, AuthSpan[]>;
  /** The file row of each of `rows`, for naming a duplicate day. */
  lines: number[];
}

type Column = (typeof PAPER_CSV_COLUMNS)[number];
/** A row's cells as read, before the database's part of the checks. */
interface ParsedRow {
  line: number;
  license: string;
  code: string;
  caseNumber: string;
  date: string | null;
  hours: number | null;
  absence: string;
  /** How many issues the file had before this row. */
  before: number;
}

type Target = { group: Group; problem?: undefined } | { group?: undefined; problem: { field: Column; message: string } };

/**
 * Reads and checks the rows one by one as they stream from the file. Hot path (a million rows):
 * the last provider/period is remembered, dates are checked once per distinct text (and every
 * row keeps that one string), and duplicate days are found at the end by sorting each payment's
 * few hundred rows rather than by a key per row.
 */
class PaperReader {
  readonly issues: ErrorIssue[] = [];
  readonly groups = new Map<number, Group>();
  rows = 0;
  /** Rows with neither hours nor an absence code: skipped. */
  blank = 0;
  private index: Record<Column, number> | null = null;
  private wrongHeader = false;
  private line = 0;
  private readonly lookup: Lookup;
  private readonly targets = new Map<string, Target>();
  private readonly dates = new Map<string, string | null>();
  private last: { license: string; code: string; target: Target } | null = null;

  constructor(
    db: Queryable,
    large: boolean,
    private readonly today: string | null,
  ) {
    this.lookup = new Lookup(db, large);
  }

  get sawHeader(): boolean {
    return this.index !== null;
  }

  private at(field: string, message: string): void {
    this.issues.push(rowIssue(this.line, field, message));
  }

  private date(text: string): string | null {
    let d = this.dates.get(text);
    if (d === undefined) this.dates.set(text, (d = isIsoDate(text) ? text : null));
    return d;
  }

  /** The payment a license and period name, when already looked up (the hot path: no database). */
  private knownTarget(license: string, code: string): Target | undefined {
    if (this.last && this.last.license === license && this.last.code === code) return this.last.target;
    const t = this.targets.get(`${license}|${code}`);
    if (t) this.last = { license, code, target: t };
    return t;
  }

  private async loadTarget(license: string, code: string): Promise<void> {
    const provider = await this.lookup.provider(license);
    const period = await this.lookup.period(code);
    const payment = provider && period ? await this.lookup.payment(provider.id, period.id, provider.payorId) : undefined;
    let t: Target;
    if (!provider) t = { problem: { field: 'license_number', message: `there is no provider with license number ${license}` } };
    else if (!period) t = { problem: { field: 'period', message: `there is no service period ${code}` } };
    else if (!payment) t = { problem: { field: 'period', message: `there is no payment for ${license} in ${code} yet: generate the period's payments first` } };
    else {
      let group = this.groups.get(payment.id);
      if (!group) {
        group = { payment, period, licenseNumber: license, rows: [], spans: await this.lookup.authorized(provider.id, period), lines: [] };
        this.groups.set(payment.id, group);
      }
      t = { group };
    }
    this.targets.set(`${license}|${code}`, t);
  }

  /**
   * One row of the file. Synchronous while the row names only what was looked up before (a large
   * file: every row after the first of its provider and period); a promise when the database must
   * answer first.
   */
  step(data: string[], line: number, parseError?: string): void | Promise<void> {
    this.line = line;
    if (this.index === null) {
      const before = this.issues.length;
      this.index = headerIndex(data, this.issues);
      this.wrongHeader = this.issues.length > before;
      return;
    }
    // Under a wrong header the rows are not read: the file's problem is its columns, not that
    // every row looks empty.
    if (this.wrongHeader) return;
    if (parseError) return this.at('row', parseError);
    const ix = this.index;
    // A day left blank (no hours, no absence code: a printed sheet's CSV template row not filled
    // in) is a day the child did not come, as if the row were not there: skipped unread.
    if (!(data[ix.hours] ?? '').trim() && !(data[ix.absence_code] ?? '').trim()) {
      this.blank += 1;
      return;
    }
    this.rows += 1;
    const license = (data[ix.license_number] ?? '').trim();
    const code = (data[ix.period] ?? '').trim();
    const caseNumber = (data[ix.case_number] ?? '').trim();
    const dateText = (data[ix.date] ?? '').trim();
    const hoursText = (data[ix.hours] ?? '').trim();
    const absence = (data[ix.absence_code] ?? '').trim().toUpperCase();
    const before = this.issues.length;
    if (!license) this.at('license_number', 'is empty');
    if (!code) this.at('period', 'is empty');
    if (!caseNumber) this.at('case_number', 'is empty');
    const date = dateText ? this.date(dateText) : null;
    if (!dateText) this.at('date', 'is empty');
    else if (!date) this.at('date', `"${dateText.slice(0, 20)}" is not a date as YYYY-MM-DD`);
    const hours = hoursText ? parseHours(hoursText) : null;
    if (hoursText && hours === null) this.at('hours', `"${hoursText.slice(0, 20)}" is not a number of hours from 0 to 24`);
    if (absence && absence !== 'ABSENT' && absence !== 'CLOSED') this.at('absence_code', `"${absence.slice(0, 20)}" must be ABSENT or CLOSED`);
    else if (hoursText && absence) this.at('absence_code', 'give hours or an absence code, not both');
    const row: ParsedRow = { line, license, code, caseNumber, date, hours, absence, before };
    const childId = caseNumber ? this.lookup.knownChild(caseNumber) : null;
    const target = license && code ? this.knownTarget(license, code) : null;
    if (childId !== undefined && target !== undefined) return this.place(row, childId, target);
    return this.loadAndPlace(row);
  }

  private async loadAndPlace(row: ParsedRow): Promise<void> {
    const childId = row.caseNumber ? await this.lookup.child(row.caseNumber) : null;
    if (row.license && row.code && !this.knownTarget(row.license, row.code)) await this.loadTarget(row.license, row.code);
    this.line = row.line;
    this.place(row, childId, row.license && row.code ? this.knownTarget(row.license, row.code)! : null);
  }

  private place({ line, license, code, caseNumber, date, hours, absence, before }: ParsedRow, childId: number | null, t: Target | null): void {
    if (caseNumber && childId === null) this.at('case_number', `there is no child with case number ${caseNumber}`);
    if (!license || !code || !t) return;
    if (t.problem) return this.at(t.problem.field, t.problem.message);
    if (this.issues.length > before || childId === null || !date) return;
    const g = t.group;
    const problem = dayProblem(date, g.spans.get(childId), g.period, 'case_number', caseNumber, this.today);
    if (problem) return this.at(problem.field, problem.message);
    g.rows.push({ childId, date, hours: absence ? null : hours, absenceCode: absence ? (absence as 'ABSENT' | 'CLOSED') : null });
    g.lines.push(line);
  }

  /** The order of each payment's rows by child, date and line; computed once. */
  private orders: number[][] | null = null;

  private sortedOrders(): number[][] {
    this.orders ??= [...this.groups.values()].map(({ rows, lines }) =>
      rows.map((_, i) => i).sort((x, y) => rows[x].childId - rows[y].childId || (rows[x].date < rows[y].date ? -1 : rows[x].date > rows[y].date ? 1 : lines[x] - lines[y])),
    );
    return this.orders;
  }

  /** The children that have a day twice on one payment. */
  duplicateChildren(): number[] {
    const ids = new Set<number>();
    const orders = this.sortedOrders();
    [...this.groups.values()].forEach((g, n) => {
      const order = orders[n];
      for (let k = 1; k < order.length; k++) {
        const a = g.rows[order[k - 1]];
        const b = g.rows[order[k]];
        if (a.childId === b.childId && a.date === b.date) ids.add(b.childId);
      }
    });
    return [...ids];
  }

  /** One row per child per day and payment: each later row of a day names the first. */
  duplicates(caseNumberOf: (childId: number) => string): void {
    const orders = this.sortedOrders();
    [...this.groups.values()].forEach((g, n) => {
      const order = orders[n];
      let first = 0; // the first row (in file order) of the current child and day
      for (let k = 1; k < order.length; k++) {
        const a = g.rows[order[first]];
        const b = g.rows[order[k]];
        if (a.childId !== b.childId || a.date !== b.date) first = k;
        else this.issues.push(rowIssue(g.lines[order[k]], 'date', `${caseNumberOf(b.childId)} on ${b.date} is already on row ${g.lines[order[first]]}: one row per child per day`));
      }
    });
    this.issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}

/** Reads and checks every row; returns the rows grouped by payment, or every problem found. */
export async function readPaperCsv(
  db: Queryable,
  content: string,
  options: { today?: string | null; large?: boolean } = {},
): Promise<{ groups: Map<number, Group>; rows: number } | ErrorIssue[]> {
  // Past about 20,000 rows, reading every child and authorization at once beats a query per provider.
  const notText = textFileProblem(content);
  if (notText) return [headerIssue('file', notText)];
  const reader = new PaperReader(db, options.large ?? content.length > 1_000_000, options.today ?? null);
  await forEachCsvRow(content, (cells, row, error) => reader.step(cells, row, error));
  // The case numbers of the children a duplicate day names, in one statement.
  const twice = reader.duplicateChildren();
  const caseNumbers = new Map(
    twice.length === 0
      ? []
      : (await db.rows<{ id: number; c: string }>(`SELECT id, case_number AS c FROM child WHERE id IN ${db.dialect.idsFromJson}`, [JSON.stringify(twice)])).map((r) => [r.id, r.c]),
  );
  reader.duplicates((id) => caseNumbers.get(id)!);
  const { issues } = reader;
  if (!reader.sawHeader) issues.push(headerIssue('file', `is empty: the first row names the columns ${PAPER_CSV_COLUMNS.join(', ')}`));
  else if (reader.rows === 0 && issues.length === 0) {
    issues.push(headerIssue('file', reader.blank > 0 ? `has only days left blank (${reader.blank} rows with neither hours nor an absence code): nothing to import` : 'has no attendance rows under its header'));
  }
  return issues.length > 0 ? issues : { groups: reader.groups, rows: reader.rows };
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

const count = (n: number, word: string) => formatCountOf(n, word);

/** How often (in payments) the import reports progress and lets the event loop go. */
const PROGRESS_EVERY = 250;

/**
 * Imports one paper attendance CSV as the signed-in Approver: every row is read and checked first
 * (nothing is written when any is wrong), then each payment's days go through the engine. Call
 * inside one write transaction (locks: audit-chain; `pause` lets progress reach the window).
 */
export async function importPaperCsv(
  { db }: { db: Tx },
  file: { fileName: string; content: string },
  user: SessionUser,
  now: string,
  progress: { report?: (done: number, total: number, message: string) => void; pause?: () => Promise<void> } = {},
): Promise<PaperOutcome> {
  progress.report?.(0, 0, `Checking the rows of ${file.fileName}`);
  const read = await readPaperCsv(db, file.content, { today: await agencyToday(db, now) });
  if (Array.isArray(read)) throw invalidFile(file.fileName, read);
  const actor = actorOf(user, 'Approver');
  const items: PaperItem[] = [];
  let unchanged = 0;
  const total = read.groups.size;
  const recording = `Recording ${count(read.rows, 'day')} on ${count(total, 'payment')}`;
  for (const g of read.groups.values()) {
    if (items.length % PROGRESS_EVERY === 0) {
      progress.report?.(items.length, total, recording);
      await progress.pause?.();
    }
    // Corrections sent back on paper are the Approver's Submit corrections (DESIGN.md section 3).
    // A payment made in advance, authorized or paid since: its attendance is recorded beside it, then reconciled.
    const action: PaperItem['action'] =
      g.payment.invoiceStatus === 'Corrections Required'
        ? 'submit-corrections'
        : g.payment.receivedAt
          ? 'edit-attendance'
          : g.payment.basis === 'prospective' && g.payment.invoiceStatus !== 'Pending Approval'
            ? 'record-attendance-paid-in-advance'
            : 'record-paper-attendance';
    // The same file again: a payment whose days are all recorded as they are is left alone (its
    // amount stays calculated, no edit event is written).
    if (action === 'edit-attendance' && (await changedRows(db, g.payment.id, g.rows)).length === 0) {
      unchanged += 1;
      continue;
    }
    await applyAction(db, { paymentId: g.payment.id, action, actor, user, attendance: { rows: g.rows, source: 'paper' }, details: { file: file.fileName } }, now);
    items.push({ paymentId: g.payment.id, licenseNumber: g.licenseNumber, period: g.period.code, action, rows: g.rows.length });
  }
  progress.report?.(total, total, recording);
  // Payments made in advance whose attendance came now: reconciled at once (± adjustments).
  const advance = items.filter((i) => i.action === 'record-attendance-paid-in-advance');
  const periodOf = (i: PaperItem) => read.groups.get(i.paymentId)!.payment.periodId;
  for (const periodId of new Set(advance.map(periodOf))) {
    await reconcilePeriod(db, periodId, user, now, advance.filter((i) => periodOf(i) === periodId).map((i) => i.paymentId));
  }
  const recorded = items.filter((i) => i.action === 'record-paper-attendance' || i.action === 'record-attendance-paid-in-advance').length;
  const corrected = items.filter((i) => i.action === 'submit-corrections').length;
  const edited = items.length - recorded - corrected;
  return {
    fileName: file.fileName,
    rows: read.rows,
    recorded,
    edited,
    corrected,
    unchanged,
    items,
    message: `${file.fileName}: ${read.rows} days on ${items.length + unchanged} payments (${recorded} recorded, ${edited} edited, ${corrected} corrections submitted${unchanged ? `, ${unchanged} unchanged` : ''}).`,
  };
}
