import type { Queryable } from '../db/engine/port';
import type { HistoryEvent, PaymentDetail } from '../../../shared/api/contract/payments';
import type { SessionUser } from '../../../shared/api/contract/session';
import { ACTION_LABELS, type ActionName } from '../../../shared/workflow/actions';
import { allowedActions } from '../workflow/engine';
import { loadItem, stateOf } from '../workflow/item';
import { reasonLabel } from '../workflow/reasons';
import { sheetPrinted } from '../attendance-sheets/sheets';

// The Invoice Details payload and the history timeline, read from the payment, its attendance,
// its calculation lines and its audit events.

interface EventRow {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  groupName: string;
  action: string;
  stateBefore: string | null;
  stateAfter: string | null;
  reasonCode: string | null;
  comment: string | null;
}

function events(db: Queryable, paymentId: number): Promise<EventRow[]> {
  return db.rows<EventRow>(
      `SELECT id, at, user_id AS userId, username, group_name AS groupName, action, state_before AS stateBefore,
         state_after AS stateAfter, reason_code AS reasonCode, comment
       FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`,
    [paymentId],
  );
}

async function holdInfo(db: Queryable, list: EventRow[], onHold: boolean): Promise<PaymentDetail['hold']> {
  const placedIndex = list.findLastIndex((e) => e.action === 'place-hold' || e.action === 'bank-detail-hold');
  if (placedIndex < 0) return null;
  const placed = list[placedIndex];
  const released = list.slice(placedIndex + 1).find((e) => e.action === 'release-hold') ?? null;
  return {
    active: onHold,
    kind: placed.action === 'bank-detail-hold' ? 'bank_details' : 'administrative',
    placedBy: { userId: placed.userId, username: placed.username },
    placedAt: placed.at,
    reasonCode: placed.reasonCode,
    reasonLabel: await reasonLabel(db, placed.action, placed.reasonCode),
    comment: placed.comment,
    releasedBy: released ? { userId: released.userId, username: released.username } : null,
    releasedAt: released?.at ?? null,
    releaseComment: released?.comment ?? null,
  };
}

/**
 * The authorizations at the payment's provider overlapping its period: the same children the
 * engine's attendance check accepts (workflow/attendance.ts), on the days they cover. Read through the item, so a Provider
 * user gets them only for their own provider's payments (loadItem refuses the others).
 */
function authorizedChildren(db: Queryable, providerId: number, start: string, end: string): Promise<PaymentDetail['authorizedChildren']> {
  return db.rows<PaymentDetail['authorizedChildren'][number]>(
      `SELECT a.id AS authorizationId, a.child_id AS childId, c.last_name || ', ' || c.first_name AS childName,
         c.case_number AS caseNumber, a.start_date AS startDate, a.end_date AS endDate, a.care_level AS careLevel
       FROM "authorization" a JOIN child c ON c.id = a.child_id
       WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ?
       ORDER BY childName, a.child_id, a.start_date`,
    [providerId, end, start],
  );
}

/** The item's QA sample (null when it is not sampled): the draw, who calculated it, the check of its current calculation. */
async function qaInfo(db: Queryable, item: { id: number; qaSample: string | null; calculatedBy: number | null }, list: EventRow[]): Promise<PaymentDetail['qa']> {
  if (item.qaSample !== 'sampled' && item.qaSample !== 'checked') return null;
  const draw = await db.one<{ drawId: number; seed: string; percent: number; drawnAt: string; reason: 'random draw' | 'first payment of a new provider' }>(
    `SELECT d.id AS drawId, d.seed, d.percent, i.drawn_at AS drawnAt, i.reason FROM qa_draw_item i JOIN qa_draw d ON d.id = i.draw_id WHERE i.payment_id = ?`,
    [item.id],
  );
  if (!draw) return null;
  const calc = list.findLast((e) => e.action === 'calculate' || e.action === 'calculate-on-enrollment');
  const check = item.qaSample === 'checked' ? list.findLast((e) => e.action === 'mark-qa-checked') : undefined;
  return {
    state: item.qaSample,
    reason: draw.reason,
    drawId: Number(draw.drawId),
    seed: draw.seed,
    percent: Number(draw.percent),
    drawnAt: draw.drawnAt,
    calculatedBy: calc && item.calculatedBy !== null ? { userId: calc.userId, username: calc.username } : null,
    checkedBy: check ? { userId: check.userId, username: check.username } : null,
    checkedAt: check?.at ?? null,
  };
}

export async function paymentDetail(db: Queryable, paymentId: number, user: SessionUser, now: string): Promise<PaymentDetail> {
  const item = await loadItem(db, paymentId, user);
  const head = (await db.one<Record<string, never>>(
      `SELECT v.id AS providerId, v.name AS providerName, v.license_number AS licenseNumber, v.type AS providerType,
         s.code AS periodCode, s.label AS periodLabel, s.start_date AS startDate, s.end_date AS endDate,
         y.name AS payorName, p.corrects_payment_id AS correctsPaymentId, p.adjustment_reason AS adjustmentReason,
         p.created_at AS createdAt, p.updated_at AS updatedAt, u.username AS authorizedByName
       FROM payment p JOIN provider v ON v.id = p.provider_id JOIN service_period s ON s.id = p.period_id
         JOIN payor y ON y.id = p.payor_id LEFT JOIN app_user u ON u.id = p.authorized_by
       WHERE p.id = ?`,
    [paymentId],
  ))!;
  const attendance = await db.rows<PaymentDetail['attendance'][number]>(
      `SELECT a.child_id AS childId, c.last_name || ', ' || c.first_name AS childName, c.case_number AS caseNumber,
         a.date, a.hours, a.absence_code AS absenceCode, a.source
       FROM attendance a JOIN child c ON c.id = a.child_id WHERE a.payment_id = ? ORDER BY childName, a.child_id, a.date`,
    [paymentId],
  );
  const calculation = (
    await db.rows<PaymentDetail['calculation'][number] & { details: string }>(
        `SELECT line_no AS lineNo, child_id AS childId, authorization_id AS authorizationId, label, age_group AS ageGroup,
           full_days AS fullDays, part_days AS partDays, paid_absences AS paidAbsences, unpaid_days AS unpaidDays,
           days_cut AS daysCut, full_rate_cents AS fullRateCents, part_rate_cents AS partRateCents,
           copay_cents AS copayCents, subtotal_cents AS subtotalCents, basis, details
         FROM calculation_line WHERE payment_id = ? ORDER BY line_no`,
      [paymentId],
    )
  ).map((l) => ({ ...l, details: JSON.parse(l.details) as unknown }));
  const adjustments = await db.rows<PaymentDetail['adjustments'][number]>(
      `SELECT id, kind, period_id AS periodId, amount_cents AS amountCents, payment_status AS paymentStatus,
         invoice_status AS invoiceStatus, sub_status AS subStatus, adjustment_reason AS adjustmentReason, created_at AS createdAt
       FROM payment WHERE corrects_payment_id = ? ORDER BY id`,
    [paymentId],
  );
  const history = await events(db, paymentId);

  return {
    id: item.id,
    kind: item.kind,
    provider: { id: head.providerId, name: head.providerName, licenseNumber: head.licenseNumber, type: head.providerType },
    period: { id: item.periodId, code: head.periodCode, label: head.periodLabel, startDate: head.startDate, endDate: head.endDate },
    payor: { id: item.payorId, name: head.payorName, kind: item.payorKind },
    state: stateOf(item),
    calculatedAt: item.calculatedAt,
    providerSignedAt: item.providerSignedAt,
    parentSignedAt: item.parentSignedAt,
    authorizedBy: item.authorizedBy ? { userId: item.authorizedBy, username: head.authorizedByName ?? `user ${item.authorizedBy}` } : null,
    correctsPaymentId: head.correctsPaymentId,
    adjustmentReason: head.adjustmentReason,
    createdAt: head.createdAt,
    updatedAt: head.updatedAt,
    hold: await holdInfo(db, history, item.subStatus === 'Administrative Hold'),
    qa: await qaInfo(db, item, history),
    attendance,
    // An adjustment carries no attendance: its amount is given when it is created.
    authorizedChildren: item.kind === 'payment' ? await authorizedChildren(db, item.providerId, head.startDate, head.endDate) : [],
    calculation,
    adjustments,
    allowedActions: await allowedActions(db, paymentId, user, now),
    version: item.version,
    sheetPrinted: item.kind === 'payment' ? await sheetPrinted(db, paymentId) : null,
  };
}

/** Events on an item that are not workflow actions (the actions table names those). */
const EVENT_LABELS: Record<string, string> = { 'print-attendance-sheet': 'Attendance sheet printed' };

function statuses(json: string | null): HistoryEvent['before'] {
  if (!json) return null;
  const s = JSON.parse(json) as Record<string, never>;
  return { invoiceStatus: s.invoiceStatus, subStatus: s.subStatus, submissionStatus: s.submissionStatus, paymentStatus: s.paymentStatus, amountCents: s.amountCents ?? null };
}

export async function paymentHistory(db: Queryable, paymentId: number, user: SessionUser): Promise<HistoryEvent[]> {
  await loadItem(db, paymentId, user);
  const out: HistoryEvent[] = [];
  for (const e of await events(db, paymentId)) {
    out.push({
    id: e.id,
    at: e.at,
    username: e.username,
    group: e.groupName,
    action: e.action,
    actionLabel: ACTION_LABELS[e.action as ActionName] ?? EVENT_LABELS[e.action] ?? e.action,
    before: statuses(e.stateBefore),
    after: statuses(e.stateAfter),
    reasonCode: e.reasonCode,
    reasonLabel: await reasonLabel(db, e.action, e.reasonCode),
    comment: e.comment,
    });
  }
  return out;
}
