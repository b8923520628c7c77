import type { Queryable } from '../db/engine/port';
import { AppError } from '../../../shared/api/errors';
import type { BatchModel, BatchSnapshot, ItemModel, LineModel, PayeeModel, RecoveryStepModel } from './model';
import { noticeOf, stepsOfBatch } from '../recovery/service';

// Reads a committed batch back into the batch model: the frozen snapshot, plus the items and
// their calculation lines (which never change after export).

export interface BatchRow {
  id: number;
  periodId: number;
  payorId: number;
  createdAt: string;
  createdBy: number;
  itemCount: number;
  totalCents: number;
  folder: string;
  filesWrittenAt: string | null;
  snapshot: string | null;
  anchorEventId: number | null;
  anchorHash: string | null;
}

export const BATCH_COLUMNS = `id, period_id AS periodId, payor_id AS payorId, created_at AS createdAt, created_by AS createdBy,
  item_count AS itemCount, total_cents AS totalCents, folder, files_written_at AS filesWrittenAt`;

export async function loadBatchRow(db: Queryable, batchId: number): Promise<BatchRow> {
  const row = await db.one<BatchRow>(`SELECT ${BATCH_COLUMNS}, snapshot, anchor_event_id AS anchorEventId, anchor_hash AS anchorHash FROM export_batch WHERE id = ?`, [batchId]);
  if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'batchId', message: `There is no export batch ${batchId}.` });
  return row;
}

const ITEMS = `SELECT ei.provider_id AS providerId, ei.payment_id AS paymentId, ei.amount_cents AS amountCents, p.kind,
    p.corrects_payment_id AS correctsPaymentId, p.adjustment_reason AS adjustmentReason, cs.label AS correctsPeriodLabel
  FROM export_item ei
  JOIN payment p ON p.id = ei.payment_id
  LEFT JOIN payment c ON c.id = p.corrects_payment_id
  LEFT JOIN service_period cs ON cs.id = c.period_id
  WHERE ei.batch_id = ?
  ORDER BY ei.provider_id, p.kind DESC, p.id`;

const LINES = `SELECT cl.payment_id AS paymentId, cl.line_no AS lineNo, cl.label, cl.age_group AS ageGroup, cl.full_days AS fullDays,
    cl.part_days AS partDays, cl.paid_absences AS paidAbsences, cl.unpaid_days AS unpaidDays, cl.days_cut AS daysCut,
    cl.full_rate_cents AS fullRateCents, cl.part_rate_cents AS partRateCents, cl.copay_cents AS copayCents,
    cl.subtotal_cents AS subtotalCents
  FROM calculation_line cl JOIN export_item ei ON ei.payment_id = cl.payment_id
  WHERE ei.batch_id = ?
  ORDER BY cl.payment_id, cl.line_no`;

/** `lines: false`: without the calculation lines (only the PDFs show them; the text files do not). */
export async function loadBatchModel(db: Queryable, batchId: number, options: { lines?: boolean } = {}): Promise<BatchModel> {
  const row = await loadBatchRow(db, batchId);
  if (!row.snapshot) throw new AppError({ code: 'INTERNAL', message: `Export batch ${batchId} has no snapshot.` });
  const snap = JSON.parse(row.snapshot) as BatchSnapshot;
  const period = (await db.one<BatchModel['period']>(`SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`, [row.periodId]))!;
  const payor = (await db.one<BatchModel['payor']>(`SELECT id, code, name, kind FROM payor WHERE id = ?`, [row.payorId]))!;

  const lines = new Map<number, LineModel[]>();
  const withLines = options.lines !== false;
  for (const l of withLines ? await db.rows<LineModel & { paymentId: number }>(LINES, [batchId]) : []) {
    const { paymentId, ...line } = l;
    let list = lines.get(paymentId);
    if (!list) lines.set(paymentId, (list = []));
    list.push(line);
  }
  const items = new Map<number, ItemModel[]>();
  for (const i of await db.rows<Omit<ItemModel, 'lines'> & { providerId: number }>(ITEMS, [batchId])) {
    const { providerId, ...item } = i;
    let list = items.get(providerId);
    if (!list) items.set(providerId, (list = []));
    list.push({ ...item, lines: lines.get(item.paymentId) ?? [] });
  }

  const steps = new Map<number, RecoveryStepModel[]>();
  const payeeById = new Map(snap.payees.map((p) => [p.id, p]));
  for (const s of await stepsOfBatch(db, batchId)) {
    const { providerId, grossCents: _gross, ...step } = s;
    let list = steps.get(providerId);
    if (!list) steps.set(providerId, (list = []));
    const payee = payeeById.get(providerId);
    // The notice as printed with this batch: the agency and provider as the batch froze them.
    const notice = step.first && payee
      ? await noticeOf(db, step.recoveryId, snap.date ?? row.createdAt.slice(0, 10), {
          agency: { name: snap.agency.name, addressLines: snap.agency.addressLines, phone: snap.agency.phone },
          provider: { id: payee.id, name: payee.name, licenseNumber: payee.licenseNumber, addressLines: payee.addressLines },
        })
      : null;
    list.push({ ...step, notice });
  }
  const payees: PayeeModel[] = snap.payees.map((p) => {
    const own = items.get(p.id) ?? [];
    const recoveries = steps.get(p.id) ?? [];
    return { ...p, items: own, recoveries, netCents: own.reduce((s, i) => s + i.amountCents, 0) - recoveries.reduce((s, r) => s + r.cents, 0) };
  });
  return {
    agency: snap.agency,
    batch: {
      id: row.id,
      createdAt: row.createdAt,
      createdBy: snap.createdBy,
      itemCount: row.itemCount,
      totalCents: row.totalCents,
      achFileIdModifier: snap.achFileIdModifier ?? 'A',
      date: snap.date ?? row.createdAt.slice(0, 10),
      releasedBy: snap.releasedBy ?? null,
      anchor: row.anchorEventId !== null && row.anchorHash !== null ? { eventId: row.anchorEventId, hash: row.anchorHash } : null,
    },
    period,
    payor,
    payees,
    leftOut: snap.leftOut,
  };
}
