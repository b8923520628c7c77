import type { Queryable } from '../db/engine/port';
import type { SessionUser } from '../../../shared/api/contract/session';
import { ATTENTION_KINDS, type AttentionItem, type AttentionKind, type AttentionList } from '../../../shared/api/contract/attention';
import { formatCents } from '../../../shared/domain/money';
import type { Group } from '../../../shared/domain/words';
import { exportAttention } from '../export/attention';
import { CONFIRM_GROUPS } from '../reference/bank-guard';
import { getSetting } from '../settings/settings';
import { agencyToday } from '../settings/today';
import { scopedProviderId } from '../workflow/item';

// "Needs attention" (issue #15): what waits for the caller, by their groups. It reuses the
// export's own attention (releases, failed files, items left out) and reads the bank guard's and
// the auto-deny's state; it changes nothing.

/** Corrections this close to auto-deny (in days) are listed. */
export const CORRECTION_NEAR_DAYS = 7;
const DAY_MS = 86_400_000;

/** Who sees which kind (a Provider user sees only their own corrections). */
export const ATTENTION_GROUPS: Record<AttentionKind, readonly Group[]> = {
  'bank-confirm': CONFIRM_GROUPS,
  'system-hold': CONFIRM_GROUPS,
  correction: ['Provider', 'Approver'],
  'left-out': ['Payor'],
  release: ['Payor'],
  'failed-files': ['Payor', 'Administrator'],
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function attentionFor(db: Queryable, user: SessionUser, now: Date): Promise<AttentionList> {
  const may = (kind: AttentionKind) => ATTENTION_GROUPS[kind].some((g) => user.groups.includes(g));
  const items: AttentionItem[] = [];
  const base = { amountCents: null, daysLeft: null, providerId: null, paymentIds: [] as number[] };

  if (may('bank-confirm')) {
    // Another user must confirm: the one who entered the change never sees it here.
    const rows = await db.rows<{ id: number; name: string; license: string; changedAt: string | null; changedBy: string | null; held: number }>(
        `SELECT v.id, v.name, v.license_number AS license, v.bank_changed_at AS changedAt, u.username AS changedBy,
           (SELECT count(*) FROM payment p WHERE p.provider_id = v.id AND p.hold_kind = 'bank_details' AND p.payment_status = 'Hold') AS held
         FROM provider v LEFT JOIN app_user u ON u.id = v.bank_changed_by
         WHERE v.bank_change_pending = 1 AND (v.bank_changed_by IS NULL OR v.bank_changed_by <> ?) ORDER BY v.bank_changed_at, v.id`,
        [user.id],
      );
    for (const r of rows) {
      items.push({
        ...base,
        kind: 'bank-confirm',
        title: `${r.name} (${r.license}): new bank details to confirm`,
        detail: `Changed by ${r.changedBy ?? 'an import'}${r.changedAt ? ` on ${r.changedAt.slice(0, 10)}` : ''}; ${plural(r.held, 'item')} held until a second user confirms them.`,
        route: `providers/${r.id}`,
        providerId: r.id,
      });
    }
  }

  if (may('system-hold')) {
    const rows = await db.rows<{ id: number; name: string; license: string; ids: string; cents: number }>(
        `SELECT v.id, v.name, v.license_number AS license, string_agg(CAST(p.id AS TEXT), ',') AS ids, sum(coalesce(p.amount_cents, 0)) AS cents
         FROM payment p JOIN provider v ON v.id = p.provider_id
         WHERE p.hold_kind = 'bank_details' AND p.payment_status = 'Hold' GROUP BY v.id ORDER BY v.name, v.id`,
      );
    for (const r of rows) {
      const ids = r.ids.split(',').map(Number).sort((a, b) => a - b);
      items.push({
        ...base,
        kind: 'system-hold',
        title: `${r.name} (${r.license}): ${plural(ids.length, 'item')} on a bank-detail hold`,
        detail: 'The System held them when the bank details changed; they are released when the new details are confirmed.',
        route: ids.length === 1 ? `payments/${ids[0]}` : `providers/${r.id}/payments`,
        amountCents: Number(r.cents),
        providerId: r.id,
        paymentIds: ids,
      });
    }
  }

  if (may('correction')) {
    const days = Number(await getSetting<number>(db, 'workflow.autoDenyDays', await agencyToday(db, now)));
    if (days > 0) {
      const own = scopedProviderId(user);
      const rows = await db.rows<{ id: number; since: string; cents: number | null; providerId: number; name: string; license: string; period: string }>(
          `SELECT p.id, p.status_changed_at AS since, p.amount_cents AS cents, v.id AS providerId, v.name, v.license_number AS license, s.label AS period
           FROM payment p JOIN provider v ON v.id = p.provider_id JOIN service_period s ON s.id = p.period_id
           WHERE p.invoice_status = 'Corrections Required' AND (CAST(? AS INTEGER) IS NULL OR p.provider_id = ?) ORDER BY p.status_changed_at, p.id`,
          [own, own],
        );
      for (const r of rows) {
        // Auto-deny takes an item once it has waited longer than the limit (workflow/autoDeny.ts).
        const left = Math.max(0, Math.ceil((Date.parse(r.since) + days * DAY_MS - now.getTime()) / DAY_MS));
        if (left > CORRECTION_NEAR_DAYS) continue;
        items.push({
          ...base,
          kind: 'correction',
          title: `${r.name} (${r.license}), ${r.period}: corrections requested`,
          detail: left === 0 ? 'The System denies it at its next check unless it is corrected now.' : `${plural(left, 'day')} left before the System denies it.`,
          route: `payments/${r.id}`,
          amountCents: r.cents,
          daysLeft: left,
          providerId: r.providerId,
          paymentIds: [r.id],
        });
      }
    }
  }

  if (may('left-out') || may('release') || may('failed-files')) {
    const exp = await exportAttention(db, now);
    if (may('left-out')) {
      for (const l of exp.leftOut) {
        items.push({
          ...base,
          kind: 'left-out',
          title: `${l.providerName}, ${l.period.label}, ${l.payor.name}: left out of the export`,
          detail: l.message,
          route: l.paymentIds.length === 1 ? `payments/${l.paymentIds[0]}` : `providers/${l.providerId}/payments`,
          amountCents: l.amountCents,
          providerId: l.providerId,
          paymentIds: l.paymentIds,
        });
      }
    }
    if (may('release')) {
      for (const r of exp.releases) {
        const mine = r.requestedBy === user.username;
        items.push({
          ...base,
          kind: 'release',
          title: `${r.period.label}, ${r.payor.name}: ${plural(r.itemCount, 'item')}, ${formatCents(r.totalCents)}, waiting for release`,
          detail: mine
            ? `You asked on ${r.requestedAt.slice(0, 10)}; a second Payor releases it (the total is above the batch limit of ${formatCents(r.limitCents)}).`
            : `${r.requestedBy} asked on ${r.requestedAt.slice(0, 10)}; the total is above the batch limit of ${formatCents(r.limitCents)}.`,
          route: 'exports',
          amountCents: r.totalCents,
        });
      }
    }
    if (may('failed-files')) {
      for (const f of exp.failedBatches) {
        items.push({
          ...base,
          kind: 'failed-files',
          title: `Batch ${f.batchId} (${f.period.label}, ${f.payor.name}): files not written`,
          detail: `${f.error} Write them again from the batch's page once the cause is fixed.`,
          route: `exports/${f.batchId}`,
        });
      }
    }
  }

  const order = (k: AttentionKind) => ATTENTION_KINDS.indexOf(k);
  items.sort((a, b) => order(a.kind) - order(b.kind));
  const counts = Object.fromEntries(ATTENTION_KINDS.map((k) => [k, items.filter((i) => i.kind === k).length])) as Record<AttentionKind, number>;
  return { items, counts, total: items.length };
}
