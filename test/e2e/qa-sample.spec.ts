import { test, expect } from './fixtures';
import { connectAs, tick } from './payments-world';

// The QA sample (issue #16; docs/qa-sample.md): an Administrator sets 20% from 1 December in
// Settings > Calculation; December is generated and calculated (on enrollment) by `approver`, which
// draws the sample. In the grid a sampled payment shows "QA sample"; Authorize of it is refused
// with the reason (a bulk Authorize passes the payment beside it), its Action menu offers neither
// Authorize nor Mark QA checked to the Approver who calculated it; a second Approver marks it QA
// checked, and then it is authorized.
test.use({ viewport: { width: 1280, height: 1000 } });

test('QA sample: a sampled payment is refused Authorize until a second Approver marks it QA checked', async ({ page, app }) => {
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/settings/calculation`);
  const panel = page.getByRole('region', { name: 'QA sample' });
  await expect(panel.getByLabel('QA sample in force today')).toContainText('Off (0%)');
  await panel.getByLabel('Share of payments sampled (%)').fill('120');
  await panel.getByLabel('QA sample effective from').fill('2026-12-01');
  await panel.getByRole('button', { name: 'Save QA sample' }).click();
  await expect(panel.getByRole('alert')).toContainText('Share of payments sampled: at most 100');
  await panel.getByLabel('Share of payments sampled (%)').fill('20');
  await panel.getByRole('button', { name: 'Save QA sample' }).click();
  await expect(panel.getByLabel('QA sample in force today')).toContainText('20% from Dec 1, 2026');
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await app.shot(page, 'qa-sample-settings');

  // December, paid on enrollment, generated and calculated by approver (the same handlers as the buttons): the draw.
  const admin = await connectAs(app.core, 'admin');
  await admin.call('calculation-settings-save', { key: 'calculation.paymentBasis', value: 'enrollment', effectiveFrom: '2026-12-01' });
  const approver = await connectAs(app.core, 'approver');
  const periodId = (await approver.call('periods-list', {})).find((p) => p.code === '2026-12')!.id;
  await approver.call('payments-generate', { periodId });
  await approver.call('payments-calculate-period', { periodId });
  const rows = app.core.store.sql
    .prepare(`SELECT p.id, p.qa_sample AS qa, v.name FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.period_id = ? AND p.kind = 'payment' ORDER BY p.id`)
    .all(periodId) as Array<{ id: number; qa: string; name: string }>;
  const sampled = rows.filter((r) => r.qa === 'sampled');
  expect(sampled.length).toBeGreaterThan(0);
  expect(sampled.length).toBeLessThan(rows.length);
  const s = sampled[0];
  const n = rows.find((r) => r.qa === 'not sampled')!;

  // The approver who calculated: the grid marks the sampled payments.
  await page.getByRole('button', { name: /Sign out/ }).click();
  await app.signIn(page, 'approver');
  await page.setViewportSize({ width: 1280, height: 2200 }); // the grid draws only the rows in view: all 40 here
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: /December 2026/ }).click();
  await page.getByTestId('tab-All').click();
  await page.getByRole('combobox', { name: /Rows per page/ }).click();
  await page.getByRole('option', { name: '50' }).click();
  const grid = page.getByRole('grid');
  await expect(grid.locator('.pd-chip[data-qa="sampled"]')).toHaveCount(sampled.length);
  await expect(grid.locator(`[role="row"][data-id="${s.id}"]`)).toContainText('QA sample');
  await expect(grid.locator(`[role="row"][data-id="${n.id}"]`)).not.toContainText('QA sample');
  await app.shot(page, 'qa-sample-grid');

  // Bulk Authorize of the sampled payment and one beside it: the one passes, the sampled one is refused with the reason.
  const box = (id: number) => grid.locator(`[role="row"][data-id="${id}"]`).getByRole('checkbox');
  await tick(page, [box(s.id), box(n.id)], '2 selected');
  const toolbar = page.getByTestId('bulk-toolbar');
  await toolbar.getByRole('button', { name: 'Authorize (1)' }).click();
  await page.getByRole('dialog', { name: 'Authorize' }).getByRole('button', { name: 'Authorize' }).click();
  const result = page.getByRole('dialog', { name: 'Authorize: result' });
  await expect(result.getByTestId('bulk-summary')).toHaveText('1 of 2 succeeded, 1 refused.');
  await expect(result.getByTestId('bulk-refusals')).toContainText(`Payment ${s.id}`);
  await expect(result.getByTestId('bulk-refusals')).toContainText('is in the QA sample and not checked yet. A second Approver, not the one who calculated it, marks it QA checked first.');
  await app.shot(page, 'qa-sample-authorize-refused');
  await result.getByRole('button', { name: 'Close' }).click();
  await page.setViewportSize({ width: 1280, height: 1000 });

  // Its Invoice Details: "QA sample", and neither Authorize nor Mark QA checked for the one who calculated it.
  await page.goto(`${app.url}#/payments/${s.id}`);
  const qa = page.getByTestId('detail-qa');
  await expect(qa).toContainText('QA sample');
  await expect(qa).toContainText('calculated by approver');
  await expect(qa).toContainText('waits for a second Approver (not approver) to mark it QA checked before Authorize');
  await page.getByRole('button', { name: 'Action', exact: true }).click();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem').first()).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Authorize' })).toHaveCount(0);
  await expect(menu.getByRole('menuitem', { name: 'Mark QA checked' })).toHaveCount(0);
  await app.shot(page, 'qa-sample-details-calculator');
  await page.keyboard.press('Escape');
  expect(app.core.store.sql.prepare(`SELECT payment_status FROM payment WHERE id = ?`).pluck().get(s.id)).toBe('New');

  // A second Approver marks it QA checked; then Authorize is offered, and taken.
  await page.getByRole('button', { name: /Sign out/ }).click();
  await app.signIn(page, 'approver2');
  await page.goto(`${app.url}#/payments/${s.id}`);
  await page.getByRole('button', { name: 'Action', exact: true }).click();
  await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Authorize' })).toHaveCount(0);
  await page.getByRole('menu').getByRole('menuitem', { name: 'Mark QA checked' }).click();
  await expect(qa).toContainText('QA checked by approver2');
  await expect(qa.locator('.pd-chip[data-qa="checked"]')).toBeVisible();
  await page.getByRole('button', { name: 'Action', exact: true }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Authorize' }).click();
  await expect(page.getByTestId('detail-payment-status')).toContainText('Authorized');
  await app.shot(page, 'qa-sample-details-checked');
  const history = app.core.store.sql
    .prepare(`SELECT action, username FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id`)
    .all(s.id) as Array<{ action: string; username: string }>;
  expect(history.slice(-3)).toEqual([
    { action: 'calculate-on-enrollment', username: 'approver' },
    { action: 'mark-qa-checked', username: 'approver2' },
    { action: 'authorize', username: 'approver2' },
  ]);
});
