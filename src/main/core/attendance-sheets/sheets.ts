import type { Queryable, Tx } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { SheetPrinted, SheetsPrintResult } from '../../../shared/api/contract/sheets';
import { attendanceSheet, paperCsv, sheetTemplate, type AttendanceSheetModel, type SheetInput } from '../../../shared/intake/attendance-sheet';
import { appendAudits, type Actor, type AuditInput } from '../audit/chain';
import { holidaysInEffect } from '../calculation/calculate';
import { readAgency } from '../reference/agency';
import { pagesOf } from './pdf';

// Printed attendance sheets (docs/attendance-sheets.md): which payments get a sheet, each
// sheet's model read from the database (the provider's authorizations overlapping the period,
// the agency's holidays in effect on its first day), the PDF, the CSV templates, and the
// "printed" mark (attendance_sheet, migration 0018) with an audit event per payment.

interface PeriodRow {
  id: number;
  code: string;
  label: string;
  startDate: string;
  endDate: string;
}

interface SheetPayment {
  paymentId: number;
  providerId: number;
  name: string;
  licenseNumber: string;
}

const PERIOD = `SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`;

const PAYMENTS = `SELECT p.id AS paymentId, v.id AS providerId, v.name, v.license_number AS licenseNumber
  FROM payment p JOIN provider v ON v.id = p.provider_id
  WHERE p.period_id = ? AND p.kind = 'payment' AND p.sub_status <> 'Denied'`;

/**
 * A provider on paper: it has no active portal user (a Provider-group user tied to it) and has
 * never sent attendance digitally (none of its payments left submission status New); its payment
 * of the period is not submitted digitally either.
 */
const ON_PAPER = ` AND p.submission_status = 'New'
  AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.provider_id = p.provider_id AND u.active = 1)
  AND NOT EXISTS (SELECT 1 FROM payment q WHERE q.provider_id = p.provider_id AND q.kind = 'payment' AND q.submission_status <> 'New')`;

const AUTHORIZATIONS = `SELECT a.child_id AS childId, c.case_number AS caseNumber, c.last_name || ', ' || c.first_name AS childName,
    a.start_date AS startDate, a.end_date AS endDate, a.care_level AS careLevel, a.days_per_week AS daysPerWeek
  FROM "authorization" a JOIN child c ON c.id = a.child_id
  WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ORDER BY a.child_id, a.start_date, a.id`;

export async function periodOf(db: Queryable, periodId: number): Promise<PeriodRow> {
  const period = await db.one<PeriodRow>(PERIOD, [periodId]);
  if (!period) throw new AppError({ code: 'NOT_FOUND', field: 'periodId', message: `There is no service period ${periodId}.` });
  return period;
}

/** The payments whose sheets a print covers: one provider's, or every provider on paper, by name. */
export async function sheetPayments(db: Queryable, period: PeriodRow, providerId?: number): Promise<SheetPayment[]> {
  if (providerId !== undefined) {
    const rows = await db.rows<SheetPayment>(`${PAYMENTS} AND p.provider_id = ? ORDER BY p.id`, [period.id, providerId]);
    if (rows.length === 0) {
      throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `Provider ${providerId} has no payment in ${period.label} (${period.code}): generate the period's payments first.` });
    }
    return rows;
  }
  const rows = await db.rows<SheetPayment>(`${PAYMENTS}${ON_PAPER} ORDER BY v.name, v.license_number, p.id`, [period.id]);
  if (rows.length === 0) {
    throw new AppError({
      code: 'REFUSED',
      message: `No provider of ${period.label} (${period.code}) is on paper: every payment of the period is submitted digitally, denied, or not generated yet.`,
    });
  }
  return rows;
}

/** The sheet of one payment: its provider's authorized children, the period's days, the agency's holidays. */
export async function sheetModel(db: Queryable, period: PeriodRow, payment: SheetPayment, holidays: readonly string[]): Promise<AttendanceSheetModel> {
  const authorizations = await db.rows<SheetInput['authorizations'][number]>(AUTHORIZATIONS, [payment.providerId, period.endDate, period.startDate]);
  return attendanceSheet({
    provider: { id: payment.providerId, name: payment.name, licenseNumber: payment.licenseNumber },
    period: { code: period.code, label: period.label, startDate: period.startDate, endDate: period.endDate },
    authorizations,
    // The holiday setting holds dates only: the sheet shades them and lists them by date.
    holidays: holidays.map((date) => ({ date, name: '' })),
  });
}

/** Every sheet of a print, with its payment, read in one go. */
export async function loadSheets(db: Queryable, periodId: number, providerId?: number) {
  const period = await periodOf(db, periodId);
  const payments = await sheetPayments(db, period, providerId);
  const holidays = await holidaysInEffect(db, period.startDate);
  const sheets: Array<{ payment: SheetPayment; model: AttendanceSheetModel }> = [];
  for (const payment of payments) sheets.push({ payment, model: await sheetModel(db, period, payment, holidays) });
  return { period, sheets };
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/** The file name of a sheet's CSV template (and, with "pdf", of its PDF). */
export function sheetFileName(model: AttendanceSheetModel, ext: 'csv' | 'pdf'): string {
  return `attendance-sheet-${safe(model.period.code)}-${safe(model.provider.licenseNumber)}.${ext}`;
}

/** The printed mark of a payment's sheet, or null. */
export async function sheetPrinted(db: Queryable, paymentId: number): Promise<SheetPrinted | null> {
  const row = await db.one<SheetPrinted>(
    `SELECT first_printed_at AS firstPrintedAt, printed_at AS printedAt, printed_by AS printedBy, print_count AS printCount FROM attendance_sheet WHERE payment_id = ?`,
    [paymentId],
  );
  return row ? { ...row, printCount: Number(row.printCount) } : null;
}

/** What a print reads (in a read transaction): the period, its sheets, the agency's name. */
export async function readPrint(db: Queryable, args: { periodId: number; providerId?: number }) {
  const { period, sheets } = await loadSheets(db, args.periodId, args.providerId);
  return { period, sheets, agencyName: (await readAgency(db)).name };
}
export type PrintRead = Awaited<ReturnType<typeof readPrint>>;

/**
 * Marks each sheet of a print printed, with an audit event per payment
 * ('print-attendance-sheet'), in the caller's write transaction (locks: audit-chain). The
 * payment's workflow state is not touched. Called once the PDF is rendered: a print whose PDF
 * could not be made marks nothing, and rendering holds no write lock.
 */
export async function markPrinted(db: Tx, read: PrintRead, combined: boolean, actor: Actor, now: string): Promise<SheetsPrintResult['sheets']> {
  const { period, sheets } = read;
  const events: AuditInput[] = [];
  const printed: SheetsPrintResult['sheets'] = [];
  for (const { payment, model } of sheets) {
    const before = await db.one<{ printCount: number }>(`SELECT print_count AS printCount FROM attendance_sheet WHERE payment_id = ?`, [payment.paymentId], { lock: 'update' });
    await db.run(
      `INSERT INTO attendance_sheet (payment_id, first_printed_at, printed_at, printed_by, print_count) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (payment_id) DO UPDATE SET printed_at = excluded.printed_at, printed_by = excluded.printed_by,
         print_count = attendance_sheet.print_count + 1`,
      [payment.paymentId, now, now, actor.username],
    );
    const mark = (await sheetPrinted(db, payment.paymentId))!;
    const pages = pagesOf(model).length;
    events.push({
      actor,
      at: now,
      entity: 'payment',
      entityId: payment.paymentId,
      action: 'print-attendance-sheet',
      details: {
        period: period.code,
        licenseNumber: payment.licenseNumber,
        children: model.children.map((c) => c.caseNumber),
        days: model.days.length,
        holidays: model.holidays.map((h) => h.date),
        pages,
        printCount: mark.printCount,
        printedBefore: before ? Number(before.printCount) : 0,
        combined,
      },
    });
    printed.push({
      paymentId: payment.paymentId,
      providerId: payment.providerId,
      providerName: payment.name,
      licenseNumber: payment.licenseNumber,
      children: model.children.length,
      pages,
      printed: mark,
      template: { fileName: sheetFileName(model, 'csv'), content: paperCsv(sheetTemplate(model)) },
    });
  }
  await appendAudits(db, events);
  return printed;
}

/** The answer of a print: the PDF, what was printed, the templates in one file. */
export function printResult(read: PrintRead, pdf: Buffer, printed: SheetsPrintResult['sheets'], one: boolean, now: string): SheetsPrintResult {
  const { period, sheets } = read;
  const pages = printed.reduce((n, s) => n + s.pages, 0);
  const fileName = one && sheets.length === 1 ? sheetFileName(sheets[0].model, 'pdf') : `attendance-sheets-${safe(period.code)}.pdf`;
  return {
    period: { id: period.id, code: period.code, label: period.label },
    fileName,
    pdfBase64: pdf.toString('base64'),
    pages,
    printedAt: now,
    sheets: printed,
    template: { fileName: fileName.replace(/\.pdf$/, '.csv'), content: paperCsv(sheets.flatMap((s) => sheetTemplate(s.model))) },
    message: `${period.label}: ${sheets.length === 1 ? `the sheet of ${sheets[0].payment.name}` : `${sheets.length} providers' sheets`} printed (${pages} page${pages === 1 ? '' : 's'}).`,
  };
}
