import Papa from 'papaparse';
import type { Tx } from '../db/engine/port';
import type { SessionUser } from '../../../shared/api/contract/session';
import { agencyToday } from '../settings/today';
import { textFileProblem } from '../../../shared/domain/text-file';
import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import { isIsoDate } from '../../../shared/domain/dates';
import type { Actor } from '../audit/chain';
import { applyAction } from '../workflow/engine';
import { invalidFile } from '../intake/errors';

// A third-party payor's confirmation file (docs/formats/confirmation-csv.md): which handed-over
// invoices it processed and which it paid. All or nothing: every row is checked and applied in
// one transaction; any error rolls it all back and comes back with its row and column. Rows
// already in the state they confirm are counted as unchanged, so importing a file twice is safe.
// A row saying Paid for an invoice still In Process walks it through Processed first: the two
// steps stay visible in its history.

export const CONFIRMATION_COLUMNS = ['payment_id', 'status', 'date'] as const;

export interface ConfirmationResult {
  fileName: string;
  rows: number;
  processed: number;
  paid: number;
  unchanged: number;
  batchIds: number[];
}

interface ItemFacts {
  id: number;
  invoiceStatus: string;
  subStatus: string;
  payorKind: string;
  exportBatchId: number | null;
}

export async function importConfirmation(
  db: Tx,
  input: { fileName: string; content: string },
  caller: SessionUser,
  now: string,
): Promise<ConfirmationResult> {
  const issues: ErrorIssue[] = [];
  const issue = (row: number, field: string, message: string) => issues.push({ row, field, path: `row ${row}, ${field}`, message });
  const notText = textFileProblem(input.content);
  if (notText) {
    throw invalidFile(input.fileName, [{ field: 'file', path: 'file', message: notText }]);
  }
  const parsed = Papa.parse<Record<string, string>>(input.content.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const header = parsed.meta.fields ?? [];
  const absent = CONFIRMATION_COLUMNS.filter((c) => !header.includes(c));
  if (absent.length) {
    // The columns only: rows under a wrong header are not read (they would all look empty).
    throw invalidFile(
      input.fileName,
      absent.map((c) => ({ row: 1, field: c, path: `row 1, ${c}`, message: `the required column ${c} is missing from the header; the columns are ${CONFIRMATION_COLUMNS.join(', ')}` })),
    );
  }
  for (const e of parsed.errors) issue((e.row ?? 0) + 2, 'row', e.message);

  const today = await agencyToday(db, now);
  // Each batch's date (the agency's local date it was handed over on), read once per batch.
  const batchDates = new Map<number, string>();
  const batchDateOf = async (batchId: number): Promise<string> => {
    const b = (await db.one<{ createdAt: string; date: string | null }>(`SELECT created_at AS createdAt, ${db.dialect.jsonText('snapshot', 'date')} AS date FROM export_batch WHERE id = ?`, [batchId]))!;
    const date = b.date ?? b.createdAt.slice(0, 10);
    batchDates.set(batchId, date);
    return date;
  };
  // Each payment named is locked until the end (PostgreSQL: a second import of the file waits, then finds it confirmed).
  const load = (id: number) =>
    db.one<ItemFacts>(
      `SELECT p.id, p.invoice_status AS invoiceStatus, p.sub_status AS subStatus, (SELECT y.kind FROM payor y WHERE y.id = p.payor_id) AS payorKind, p.export_batch_id AS exportBatchId
       FROM payment p WHERE p.id = ?`,
      [id],
      { lock: 'update' },
    );
  const actor: Actor = { userId: caller.id, username: caller.username, group: 'Payor' };
  const seen = new Set<number>();
  const batches = new Set<number>();
  const result: ConfirmationResult = { fileName: input.fileName, rows: parsed.data.length, processed: 0, paid: 0, unchanged: 0, batchIds: [] };

  for (let index = 0; index < parsed.data.length; index++) {
    const r = parsed.data[index];
    const row = index + 2; // line 1 is the header
    const idText = (r.payment_id ?? '').trim();
    const status = (r.status ?? '').trim().toLowerCase();
    const date = (r.date ?? '').trim();
    const before = issues.length;
    if (!/^\d{1,15}$/.test(idText)) issue(row, 'payment_id', `"${idText}" is not a payment id`);
    if (status !== 'processed' && status !== 'paid') issue(row, 'status', `"${r.status ?? ''}" must be Processed or Paid`);
    if (!isIsoDate(date)) issue(row, 'date', `"${date}" is not a date as YYYY-MM-DD`);
    else if (date > today) issue(row, 'date', `${date} is in the future (today is ${today})`);
    if (issues.length > before) continue;
    const id = Number(idText);
    if (seen.has(id)) {
      issue(row, 'payment_id', `payment ${id} is named twice in the file`);
      continue;
    }
    seen.add(id);
    const item = await load(id);
    if (!item) {
      issue(row, 'payment_id', `there is no payment ${id}`);
      continue;
    }
    if (item.payorKind !== 'third_party' || item.exportBatchId === null) {
      issue(row, 'payment_id', `payment ${id} was not handed over to a third-party payor (it is ${item.invoiceStatus} / ${item.subStatus})`);
      continue;
    }
    // A confirmation cannot come before what it confirms: the hand-over.
    const handedOver = batchDates.get(item.exportBatchId) ?? (await batchDateOf(item.exportBatchId));
    if (date < handedOver) {
      issue(row, 'date', `${date} is before payment ${id} was handed over (${handedOver}, batch ${item.exportBatchId})`);
      continue;
    }
    batches.add(item.exportBatchId);
    const details = { source: 'confirmation-file', fileName: input.fileName, row, confirmedOn: date };
    const steps: Array<'mark-processed' | 'confirm-paid'> = [];
    if (item.subStatus === 'In Process') steps.push('mark-processed');
    if (status === 'paid' && item.subStatus !== 'Paid') steps.push('confirm-paid');
    if (steps.length === 0) {
      result.unchanged += 1;
      continue;
    }
    try {
      for (const action of steps) await applyAction(db, { paymentId: id, action, actor, user: caller, details }, now);
      if (status === 'paid') result.paid += 1;
      else result.processed += 1;
    } catch (err) {
      issue(row, 'status', AppError.from(err).message);
    }
  }

  if (issues.length > 0) {
    throw invalidFile(input.fileName, issues);
  }
  result.batchIds = [...batches].sort((a, b) => a - b);
  return result;
}
