import { expect, type Locator, type Page } from '@playwright/test';
import type { Core, Connection } from '../../src/main/core/core';
import { SYSTEM_ACTOR } from '../../src/main/core/audit/chain';
import { applyAction } from '../../src/main/core/workflow/engine';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';
import type { ActionName } from '../../src/shared/workflow/actions';
import type { Tab } from '../../src/shared/workflow/tabs';

// The Provider Payments e2e tests need a service period where every state is present, with ids
// the tests know. The demo database has providers, children, authorizations (and payments in its
// last periods); this spreads an earlier period's items over every state through the real
// handlers (generation, submission import, actions) as real users would, and through the
// engine's System action for what only the export engine does (Export).

export const WORLD_PERIOD = '2026-06';

export async function connectAs(core: Core, username: string): Promise<Connection> {
  const user = await core.store.read(({ db }) => loadSessionUserByName(db, username));
  return core.connect(user);
}

interface Item {
  id: number;
  providerId: number;
  licenseNumber: string;
  payorKind: 'direct' | 'third_party';
}

export interface World {
  periodId: number;
  periodLabel: string;
  /** Payment ids by the state the helper put them in. */
  ids: Record<string, number[]>;
}

function attendanceRows(core: Core, providerId: number, start: string, end: string) {
  const children = core.store.sql
    .prepare(`SELECT DISTINCT a.child_id AS id, c.case_number AS caseNumber FROM authorization a JOIN child c ON c.id = a.child_id
      WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ? ORDER BY a.child_id`)
    .all(providerId, end, start) as Array<{ id: number; caseNumber: string }>;
  const days = eachDay(start, end).filter(isWeekday);
  return children.flatMap((c) => days.map((date, i) => ({ child: c, date, hours: i % 7 === 3 ? null : 8 })));
}

/** Spreads the period's items over every state; returns the ids of each group. */
export async function spreadStates(core: Core): Promise<World> {
  const approver = await connectAs(core, 'approver');
  const payor = await connectAs(core, 'payor');
  const period = core.store.sql.prepare(`SELECT id, label, start_date AS start, end_date AS end FROM service_period WHERE code = ?`).get(WORLD_PERIOD) as {
    id: number;
    label: string;
    start: string;
    end: string;
  };
  await approver.call('payments-generate', { periodId: period.id });
  const items = core.store.sql
    .prepare(`SELECT p.id, p.provider_id AS providerId, v.license_number AS licenseNumber, y.kind AS payorKind
      FROM payment p JOIN provider v ON v.id = p.provider_id JOIN payor y ON y.id = p.payor_id
      WHERE p.period_id = ? AND p.kind = 'payment' ORDER BY p.id`)
    .all(period.id) as Item[];
  const direct = items.filter((i) => i.payorKind === 'direct' && i.providerId !== 1);
  const third = items.filter((i) => i.payorKind === 'third_party' && i.providerId !== 1);
  const take = (list: Item[], n: number) => list.splice(0, n);

  const submit = async (item: Item, parent: boolean) => {
    const rows = attendanceRows(core, item.providerId, period.start, period.end);
    const content = JSON.stringify({
      format: 'paydesk-submission',
      version: 1,
      licenseNumber: item.licenseNumber,
      period: WORLD_PERIOD,
      providerSignedAt: '2026-07-02T15:00:00Z',
      parentSignedAt: parent ? '2026-07-03T18:30:00Z' : null,
      attendance: rows.map((r) => (r.hours === null ? { caseNumber: r.child.caseNumber, date: r.date, absence: 'ABSENT' } : { caseNumber: r.child.caseNumber, date: r.date, hours: r.hours })),
    });
    await approver.call('intake-import-submission', { fileName: `submission-${item.id}.json`, content });
  };
  const paper = async (item: Item) => {
    const rows = attendanceRows(core, item.providerId, period.start, period.end).map((r) => ({
      childId: r.child.id,
      date: r.date,
      hours: r.hours,
      absenceCode: r.hours === null ? ('ABSENT' as const) : null,
    }));
    await approver.call('payments-act', { paymentId: item.id, action: 'record-paper-attendance', attendance: { rows } });
  };
  const act = (who: Connection, item: Item, action: ActionName, reason?: string) =>
    who.call('payments-act', { paymentId: item.id, action, reason: reason ? { code: reason, comment: 'e2e world' } : undefined });
  const reason = (kind: string) =>
    (core.store.sql.prepare(`SELECT code FROM reason WHERE kind = ? AND active = 1 ORDER BY id LIMIT 1`).get(kind) as { code: string }).code;
  const exportItem = async (item: Item) => {
    await core.store.run(async ({ sql, db }) => {
      const payorId = (sql.prepare(`SELECT payor_id AS p FROM payment WHERE id = ?`).get(item.id) as { p: number }).p;
      const by = (sql.prepare(`SELECT id FROM app_user WHERE username = 'payor'`).get() as { id: number }).id;
      const batch = sql
        .prepare(`INSERT INTO export_batch (period_id, payor_id, created_at, created_by, item_count, total_cents, folder) VALUES (?, ?, ?, ?, 1, 0, 'e2e')`)
        .run(period.id, payorId, new Date().toISOString(), by).lastInsertRowid;
      await applyAction(db, { paymentId: item.id, action: 'export', actor: SYSTEM_ACTOR, exportBatchId: Number(batch) }, new Date().toISOString());
    });
  };

  const ids: Record<string, number[]> = {};
  const mark = (name: string, list: Item[]) => (ids[name] = list.map((i) => i.id));

  const readyForParent = take(direct, 2);
  for (const i of readyForParent) await submit(i, false);
  mark('readyForParent', readyForParent);

  const submitted = take(direct, 3);
  for (const i of submitted) await submit(i, true);
  mark('submitted', submitted);

  const submittedCalculated = take(direct, 3);
  for (const i of submittedCalculated) {
    await submit(i, true);
    await act(approver, i, 'calculate');
  }
  mark('submittedCalculated', submittedCalculated);

  const paperReceived = take(direct, 2);
  for (const i of paperReceived) await paper(i);
  mark('paperReceived', paperReceived);

  const authorizedDigital = take(direct, 2);
  for (const i of authorizedDigital) {
    await submit(i, true);
    await act(approver, i, 'calculate');
    await act(approver, i, 'authorize');
  }
  mark('authorizedDigital', authorizedDigital);

  const authorizedPaper = [...take(direct, 2), ...take(third, 1)];
  for (const i of authorizedPaper) {
    await paper(i);
    await act(approver, i, 'calculate');
    await act(approver, i, 'authorize');
  }
  mark('authorizedPaper', authorizedPaper);

  const inReview = take(direct, 1);
  for (const i of inReview) await act(approver, i, 'start-review');
  mark('inReview', inReview);

  const hold = take(direct, 1);
  for (const i of hold) await act(approver, i, 'place-hold', reason('hold'));
  mark('hold', hold);

  const corrections = take(direct, 1);
  for (const i of corrections) await act(approver, i, 'request-corrections', reason('corrections'));
  mark('corrections', corrections);

  const denied = take(direct, 1);
  for (const i of denied) await act(approver, i, 'deny', reason('deny'));
  mark('denied', denied);

  const paid = take(direct, 2);
  for (const i of paid) {
    await submit(i, true);
    await act(approver, i, 'calculate');
    await act(approver, i, 'authorize');
    await exportItem(i);
  }
  mark('paid', paid);

  const thirdParty = take(third, 2);
  for (const [n, i] of thirdParty.entries()) {
    await paper(i);
    await act(approver, i, 'calculate');
    await act(approver, i, 'authorize');
    await exportItem(i); // In Process: payment status Paid (exported)
    if (n === 1) await act(payor, i, 'mark-processed');
  }
  mark('thirdPartyExported', thirdParty);

  const adjustment = await approver.call('adjustments-create', {
    providerId: direct[0].providerId,
    periodId: period.id,
    amountCents: -2500,
    reasonText: '=SUM(A1) overpaid one day',
    correctsPaymentId: direct[0].id,
  });
  ids.adjustment = [adjustment.id];
  mark('untouched', direct);
  return { periodId: period.id, periodLabel: period.label, ids };
}

/**
 * What seed 000 says each tab lists, written here as plain SQL from the seed's words (not from
 * TAB_RULES), so the test checks the shared rule and the core's query against the seed itself.
 */
export const SEED_TAB_SQL: Record<Tab, string> = {
  All: '1 = 1',
  'Pending Parent': `submission_status = 'Ready for Parent'`,
  Submitted: `payment_status = 'Received' OR submission_status = 'Submitted'`,
  Authorized: `payment_status = 'Authorized'`,
  Paid: `payment_status = 'Paid'`,
};

export function expectedTab(core: Core, periodId: number, tab: Tab, providerId?: number): number[] {
  const rows = core.store.sql
    .prepare(`SELECT id FROM payment WHERE period_id = ? AND (${SEED_TAB_SQL[tab]}) ${providerId ? 'AND provider_id = ?' : ''} ORDER BY id`)
    .all(...(providerId ? [periodId, providerId] : [periodId])) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/** Selects the world's service period in the period selector. */
export async function openPeriod(page: Page, world: World) {
  // On a loaded machine a click can land while the list is still opening: choose again until the
  // page shows the period (choosing the same period twice changes nothing).
  await expect(async () => {
    const list = page.getByRole('option', { name: new RegExp(world.periodLabel) });
    if (!(await list.isVisible())) await page.getByRole('combobox', { name: 'Service period' }).click();
    await list.click({ timeout: 5_000 });
    await expect(page.getByRole('heading', { name: 'Provider Payments' })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 40_000 });
}

/** Clicks a tab and waits until the grid is that tab's. */
export async function openTab(page: Page, tab: Tab) {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', `Payments — ${tab}`);
}

/** The payment ids the grid shows, read from its ID column. */
export async function gridIds(page: Page): Promise<number[]> {
  const cells = page.getByRole('grid').locator('[role="row"] [data-field="id"][role="gridcell"]');
  return (await cells.allInnerTexts()).map(Number).sort((a, b) => a - b);
}

/**
 * Ticks grid checkboxes (row boxes, or the header's "Select all rows") until the bulk toolbar says
 * `selected`. A click can be lost while the grid lays itself out again (the toolbar replacing the
 * filters moves it; rows arriving clear a selection): a user clicks again, and so does this.
 * Ticking a ticked box changes nothing, so trying again is safe.
 */
export async function tick(page: Page, boxes: Locator[], selected: string) {
  const shown = page.getByTestId('bulk-selected');
  await expect(async () => {
    for (const box of boxes) {
      await box.check({ timeout: 3_000 });
      await expect(shown).toBeVisible({ timeout: 3_000 }); // drawn before the next click
    }
    await expect(shown).toHaveText(selected, { timeout: 3_000 });
  }).toPass({ timeout: 40_000 });
}

/**
 * Unticks grid checkboxes one after the other, each until it is unticked (a click can be lost as
 * in `tick`), then checks what the toolbar says: `selected`, or no toolbar (nothing selected).
 */
export async function untick(page: Page, boxes: Locator[], selected: string | null) {
  for (const box of boxes) await expect(() => box.uncheck({ timeout: 3_000 })).toPass({ timeout: 40_000 });
  if (selected === null) await expect(page.getByTestId('bulk-toolbar')).toHaveCount(0);
  else await expect(page.getByTestId('bulk-selected')).toHaveText(selected);
}
