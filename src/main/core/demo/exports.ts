import path from 'node:path';
import type { SessionUser } from '../../../shared/api/contract/session';
import { addDays } from '../../../shared/domain/dates';
import type { PayorKind } from '../../../shared/domain/words';
import { createAdjustment } from '../adjustments/create';
import { actorOf } from '../context';
import type { Store } from '../db/store';
import { postgresExportsDir } from '../db/engine/key-location';
import { isPostgresUrl } from '../db/engine/url';
import type { Queryable, Tx } from '../db/engine/port';
import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import { importConfirmation } from '../export/confirm';
import { previewExport } from '../export/preview';
import { commitBatch, exportLock } from '../export/run';
import { writeTx } from '../intake/tx';
import { agencyToday } from '../settings/today';
import { configuredExportFolder } from '../reference/agency';
import { loadSessionUserByName } from '../users/users';
import { applyAction } from '../workflow/engine';
import type { DemoPeriod } from './stages';

// The demo's export stage (DESIGN.md section 5), run for each demo period right after its intake.
// Pat Payor, who authorized none of the items (the approvers did), previews and runs the agency's
// export (its ACH and check providers Paid) and the hand-off to the third-party payor (In Process)
// through the real engine: one transaction per run with the batch, its items and every item's
// Export action and audit event; who is left out and why (held, a negative net) is in the batch.
// The approvers then authorize what came in after the runs (Authorized, waiting for the next one),
// and the third-party payor's confirmation files, imported the way the app imports them, mark
// some handed-over items Processed and some Paid. In a period with an earlier one, recovering an
// overpayment of that earlier month takes more than one provider's payment: it is left out.
//
// The batches' files are not written here. files_written_at stays null, as after a crash between
// the commit and the files, and the export repair at every core start writes them: the same
// bytes the run would have written, since files are renderings of the committed batch. Building
// the demo so renders no PDF; the app's first start on it does, before it answers any call.

type DemoUsers = Record<'approver' | 'approver2' | 'payor' | 'finance', SessionUser>;

/**
 * The demo's batch folders: beside the database, apart from the `exports` of a real database in the
 * same folder; a PostgreSQL demo's in the data folder, as any PostgreSQL database's (key-location.ts).
 */
export function demoExportRoot(file: string): string {
  if (isPostgresUrl(file)) return postgresExportsDir(file);
  const abs = path.resolve(file);
  return path.join(path.dirname(abs), `${path.basename(abs, path.extname(abs))}-exports`);
}

/** The step at `time` on day `day` of the period's work, or a minute after the last step if that is later; never after the limit. */
function at(p: DemoPeriod, day: number, time: string): string {
  const target = Date.parse(`${addDays(p.workStart, day)}T${time}Z`);
  p.clock.t = Math.min(Math.max(p.clock.t + 60_000, target), p.clock.limit);
  return new Date(p.clock.t).toISOString();
}

/** The next step, a little after the last. */
function next(p: DemoPeriod, seconds = 23): string {
  p.clock.t = Math.min(p.clock.t + seconds * 1000, p.clock.limit);
  return new Date(p.clock.t).toISOString();
}

async function loadUsers(db: Queryable): Promise<DemoUsers> {
  const load = async (username: string) => (await loadSessionUserByName(db, username))!;
  return { approver: await load('approver'), approver2: await load('approver2'), payor: await load('payor'), finance: await load('finance') };
}

/**
 * A direct-pay provider paid last month, whose payment this month is authorized: last month paid
 * care its children no longer had, and the recovery is more than this month's payment. Blake asks
 * for the adjustment, Avery authorizes it; the export then leaves the provider out (negative net).
 */
async function overpaymentRecovery(db: Tx, p: DemoPeriod, users: DemoUsers, runDay: number): Promise<void> {
  const previous = p.previous!;
  const row = await db.one<{ providerId: number; amountCents: number; previousId: number; previousLabel: string }>(
      `SELECT cur.provider_id AS providerId, cur.amount_cents AS amountCents, prev.id AS previousId, s.label AS previousLabel
       FROM payment cur
       JOIN payor y ON y.id = cur.payor_id AND y.kind = 'direct'
       JOIN payment prev ON prev.provider_id = cur.provider_id AND prev.period_id = ? AND prev.kind = 'payment' AND prev.sub_status = 'Paid'
       JOIN service_period s ON s.id = prev.period_id
       WHERE cur.period_id = ? AND cur.kind = 'payment' AND cur.invoice_status = 'Pending Payment' AND cur.sub_status = 'Awaiting Action'
         AND NOT EXISTS (SELECT 1 FROM payment a WHERE a.kind = 'adjustment' AND a.provider_id = cur.provider_id AND a.period_id = cur.period_id)
       ORDER BY cur.provider_id DESC LIMIT 1`,
    [previous.id, p.id],
  );
  if (!row) return;
  const amountCents = -Math.ceil((row.amountCents * 1.25) / 100) * 100;
  const reasonText = `Overpayment recovery: ${row.previousLabel} paid for two children after their care ended`;
  const id = await createAdjustment(db, { providerId: row.providerId, periodId: p.id, amountCents, reasonText, correctsPaymentId: row.previousId }, users.approver2, at(p, runDay, '08:30:00'));
  await applyAction(db, { paymentId: id, action: 'authorize', actor: actorOf(users.approver, 'Approver'), user: users.approver }, next(p, 300));
}

type Confirmed = (k: number) => 'Processed' | 'Paid' | null;

/** The third-party payor's confirmation file for a hand-off, as it sends it: payment_id, status, date. */
function confirmationCsv(paymentIds: number[], status: Confirmed, date: string): string {
  const rows = paymentIds.flatMap((id, k) => {
    const s = status(k);
    return s ? [`${id},${s},${date}`] : [];
  });
  return ['payment_id,status,date', ...rows].join('\r\n') + '\r\n';
}

export async function exportDemoStage(store: Store, p: DemoPeriod): Promise<void> {
  const { users, payors } = await store.read(async ({ db }) => ({
    users: await loadUsers(db),
    payors: await db.rows<{ id: number; code: string; kind: PayorKind }>(`SELECT id, code, kind FROM payor ORDER BY id`),
  }));
  const locks = { locks: [AUDIT_CHAIN_LOCK] };
  // The runs: the morning after the current period's intake work; two days on for an older one.
  const runDay = p.current ? 1 : 2;

  if (p.previous) await writeTx(store, ({ db }) => overpaymentRecovery(db, p, users, runDay), locks);

  const handOffs: Array<{ batchId: number; payorCode: string }> = [];
  for (const payor of payors) {
    // What the Payor sees first: the preview (the run selects again inside its transaction).
    const preview = await store.read(({ db }) => previewExport(db, p.id, payor.id, users.payor, new Date(p.clock.t)));
    if (preview.refusal) throw new Error(`demo: the export of ${p.code} for ${payor.code} was refused: ${preview.refusal}`);
    if (preview.itemCount === 0) continue;
    const now = at(p, runDay, '09:00:00');
    // Into the demo's export folder (its setting, as the app's own runs read it).
    const committed = await writeTx(
      store,
      async ({ db }) =>
        commitBatch(db, { periodId: p.id, payorId: payor.id, root: path.resolve(await configuredExportFolder(db)), date: await agencyToday(db, now) }, users.payor, now, () => {}),
      { locks: [exportLock(p.id, payor.id), AUDIT_CHAIN_LOCK] },
    );
    if (payor.kind === 'third_party') handOffs.push({ batchId: committed.batchId, payorCode: payor.code });
  }

  // What came in before the runs and was authorized after them waits for the next run.
  if (p.afterRun.length > 0) {
    at(p, runDay, '10:00:00');
    await writeTx(
      store,
      async ({ db }) => {
        for (const { paymentId, review } of p.afterRun) {
          await applyAction(db, { paymentId, action: 'authorize', actor: actorOf(users.approver, 'Approver'), user: users.approver }, next(p));
          if (review) await applyAction(db, { paymentId, action: 'start-review', actor: actorOf(users.payor, 'Payor'), user: users.payor }, next(p));
        }
      },
      locks,
    );
  }

  // The third-party payor's answers, imported by Fran Finance: of every three handed-over items
  // one ends Paid, one Processed, one still In Process. For an older period it processes first
  // and pays a few days later; for the current one a single file says both.
  for (const { batchId, payorCode } of handOffs) {
    const ids = await store.read(({ db }) => db.values<number>(`SELECT payment_id AS id FROM export_item WHERE batch_id = ? ORDER BY payment_id`, [batchId]));
    const files: Array<{ day: number; status: Confirmed }> = p.current
      ? [{ day: runDay + 1, status: (k) => (k % 3 === 0 ? 'Paid' : k % 3 === 1 ? 'Processed' : null) }]
      : [
          { day: runDay + 4, status: (k) => (k % 3 === 2 ? null : 'Processed') },
          { day: runDay + 9, status: (k) => (k % 3 === 0 ? 'Paid' : null) },
        ];
    for (const file of files) {
      const now = at(p, file.day, '08:00:00');
      await writeTx(
        store,
        async ({ db }) => {
          // The payor's date is the agency's (early morning UTC is still yesterday there).
          const date = await agencyToday(db, now);
          const content = confirmationCsv(ids, file.status, date);
          return importConfirmation(db, { fileName: `${payorCode.toLowerCase().replace(/_/g, '-')}-confirmation-${date}.csv`, content }, users.finance, now);
        },
        locks,
      );
    }
  }
}
