import fs from 'node:fs';
import { test, expect } from './fixtures';
import { connectAs, expectedTab, gridIds, openPeriod, spreadStates, tick } from './payments-world';

// Bulk actions over a selection (row by row, each refusal with its reason) and CSV export of
// the current view (every row of it, as the grid shows them).
test.use({ viewport: { width: 1280, height: 1600 } });

test('bulk Authorize of a selection reports per-row results', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  await app.signIn(page, 'approver');
  await openPeriod(page, world);
  await page.getByTestId('tab-Submitted').click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Submitted');
  const shown = await expect.poll(() => gridIds(page)).not.toEqual([]).then(() => gridIds(page));
  const state = (id: number) =>
    app.core.store.sql.prepare(`SELECT invoice_status AS s, sub_status AS sub, amount_cents AS amount FROM payment WHERE id = ?`).get(id) as {
      s: string;
      sub: string;
      amount: number | null;
    };
  const willPass = shown.filter((id) => state(id).s === 'Pending Approval' && ['Awaiting Action', 'In Review'].includes(state(id).sub) && state(id).amount !== null);
  expect(willPass.length).toBeGreaterThan(0);
  expect(willPass.length).toBeLessThan(shown.length);

  const authorizedBefore = expectedTab(app.core, world.periodId, 'Authorized');
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText(String(authorizedBefore.length));

  await tick(page, [page.getByRole('checkbox', { name: 'Select all rows' })], `${shown.length} selected`);
  const toolbar = page.getByTestId('bulk-toolbar');
  // Offered with how many rows it applies to; the others will be refused with the reason.
  await toolbar.getByRole('button', { name: `Authorize (${willPass.length})` }).click();
  const confirm = page.getByRole('dialog', { name: 'Authorize' });
  await expect(confirm).toContainText(`it applies to ${willPass.length} of them`);
  await confirm.getByRole('button', { name: 'Authorize' }).click();

  const result = page.getByRole('dialog', { name: 'Authorize: result' });
  await expect(result.getByTestId('bulk-summary')).toHaveText(
    `${willPass.length} of ${shown.length} succeeded, ${shown.length - willPass.length} refused.`,
  );
  const refusals = result.getByTestId('bulk-refusals').getByRole('listitem');
  await expect(refusals).toHaveCount(shown.length - willPass.length);
  // Each refusal carries the engine's own message for that row.
  const approver = await connectAs(app.core, 'approver');
  for (const id of shown.filter((i) => !willPass.includes(i))) {
    const message = await approver.call('payments-act', { paymentId: id, action: 'authorize' }).then(() => 'accepted', (e: Error) => e.message);
    await expect(result.getByTestId('bulk-refusals')).toContainText(`Payment ${id}`);
    await expect(result.getByTestId('bulk-refusals')).toContainText(message);
  }
  for (const id of willPass) expect(state(id).s).toBe('Pending Payment');
  await result.getByRole('button', { name: 'Close' }).click();
  // The Authorized tab now holds the items it held before and the ones just authorized.
  expect(expectedTab(app.core, world.periodId, 'Authorized')).toEqual([...authorizedBefore, ...willPass].sort((a, b) => a - b));
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText(String(authorizedBefore.length + willPass.length));
});

test('Select all N in the tab: the bulk action takes every item of the filtered view, not only the page', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const sql = app.core.store.sql;
  type State = { id: number; kind: string; s: string; sub: string };
  const states = () =>
    sql.prepare(`SELECT id, kind, invoice_status AS s, sub_status AS sub FROM payment WHERE period_id = ? ORDER BY id`).all(world.periodId) as State[];
  const before = states();
  // The view: All, payments only (the Kind filter); Start review takes Pending Approval / Awaiting Action (DESIGN.md section 3).
  const view = before.filter((r) => r.kind === 'payment');
  const willPass = view.filter((r) => r.s === 'Pending Approval' && r.sub === 'Awaiting Action').map((r) => r.id);
  expect(view.length).toBeGreaterThan(25);
  expect(before.some((r) => r.kind === 'adjustment' && r.s === 'Pending Approval' && r.sub === 'Awaiting Action')).toBe(true);

  await app.signIn(page, 'approver');
  await openPeriod(page, world);
  await page.getByTestId('tab-All').click();
  await page.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Payment', exact: true }).click();
  await page.getByRole('combobox', { name: /Rows per page/ }).click();
  await page.getByRole('option', { name: '25' }).click();
  await expect(page.getByRole('grid').locator('[role="row"][data-id]')).toHaveCount(25);

  // The page alone first: the offer appears only once the whole page is selected.
  await tick(page, [page.getByRole('grid').locator('[role="row"][data-id]').first().getByRole('checkbox')], '1 selected');
  const toolbar = page.getByTestId('bulk-toolbar');
  await expect(toolbar.getByRole('button', { name: /^Select all/ })).toHaveCount(0);
  await tick(page, [page.getByRole('checkbox', { name: 'Select all rows' })], '25 selected');
  await toolbar.getByRole('button', { name: `Select all ${view.length} in All (as filtered)` }).click();
  await expect(page.getByTestId('bulk-selected')).toHaveText(`All ${view.length} in All (as filtered) selected`);
  await app.shot(page, 'bulk-select-whole-view');

  await toolbar.getByRole('button', { name: 'Start review' }).click();
  const confirm = page.getByRole('dialog', { name: 'Start review' });
  await expect(confirm).toContainText(`All ${view.length} items in All (as filtered)`);
  await confirm.getByRole('button', { name: 'Start review' }).click();

  const result = page.getByRole('dialog', { name: 'Start review: result' });
  await expect(result.getByTestId('bulk-summary')).toHaveText(`${willPass.length} of ${view.length} succeeded, ${view.length - willPass.length} refused.`);
  await expect(result.getByTestId('bulk-refusals').getByRole('listitem')).toHaveCount(view.length - willPass.length);
  // Every item of the view that could start review did, also those not on the page; nothing else moved.
  const after = states();
  for (const r of after) {
    const was = before.find((b) => b.id === r.id)!;
    if (willPass.includes(r.id)) expect(r, `payment ${r.id}`).toMatchObject({ s: 'Pending Approval', sub: 'In Review' });
    else expect(r, `item ${r.id}`).toEqual(was);
  }
  await result.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('bulk-toolbar')).toHaveCount(0);
});

test('CSV export of a view has every row of the view (all its pages), formula-like cells escaped, amounts as plain numbers', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  await app.signIn(page, 'finance');
  await openPeriod(page, world);
  // A view: All, only adjustments and Received payments, filtered in the core.
  await page.getByTestId('tab-All').click();
  await page.getByRole('combobox', { name: 'Payment status' }).click();
  await page.getByRole('option', { name: 'Received' }).click();
  await page.keyboard.press('Escape');
  await expect.poll(() => gridIds(page)).toContain(world.ids.adjustment[0]);
  const shown = await gridIds(page);
  const received = app.core.store.sql
    .prepare(`SELECT id FROM payment WHERE period_id = ? AND payment_status = 'Received' ORDER BY id`)
    .pluck()
    .all(world.periodId) as number[];
  expect(shown).toEqual(received);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('payments-2026-06-all.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'ID,Batch,Provider,License,Provider type,Kind,Submission status,Payment status,Invoice status,Sub-status,Amount,Received,QA sample,Payor,Last change',
  );
  const ids = lines.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
  expect(ids).toEqual(shown);
  // The adjustment's negative amount is a plain number a spreadsheet adds up, not escaped as a formula.
  const adjustment = lines.find((l) => l.startsWith(`${world.ids.adjustment[0]},`))!;
  expect(adjustment).toContain(',Adjustment,');
  expect(adjustment).toContain(',-25.00,');
  await expect(page.getByTestId('notifier')).toContainText(`Exported ${shown.length} rows`);

  // A view longer than its page: the file has every row of the view, in the grid's order, not only the page shown.
  await page.getByRole('combobox', { name: 'Payment status' }).click();
  await page.getByRole('option', { name: 'Received' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: /rows per page/i }).click();
  await page.getByRole('option', { name: '25' }).click();
  const all = app.core.store.sql.prepare(`SELECT id FROM payment WHERE period_id = ? ORDER BY id`).pluck().all(world.periodId) as number[];
  expect(all.length).toBeGreaterThan(25);
  await expect.poll(async () => (await gridIds(page)).length).toBe(25);
  const [whole] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = fs.readFileSync(await whole.path(), 'utf8').trimEnd().split('\r\n').slice(1);
  expect(rows.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b)).toEqual(all);
  await expect(page.getByTestId('notifier')).toContainText(`Exported ${all.length} rows`);
});
