import { test, expect } from './fixtures';
import { loadSessionUserByName } from '../../src/main/core/users/users';

// Settings > Calculation: an Administrator sets the payment basis (prospective from 1 December),
// the recovery threshold and a holiday by keyboard; Generate then pays December in advance and
// Invoice Details shows each calculation line's basis.

test('payment basis: set in Settings > Calculation, then a period paid in advance shows its basis on Invoice Details', async ({ page, app }) => {
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/settings/calculation`);
  const panel = page.getByRole('region', { name: 'Payment basis' });
  await expect(panel.getByLabel('In force today')).toContainText('Attendance (default)');

  // The drop-down by keyboard: focus it, open it, pick Prospective.
  await panel.getByRole('combobox', { name: 'Payment basis' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: 'Prospective (in advance)' }).press('Enter');
  await expect(panel.getByRole('combobox', { name: 'Payment basis' })).toHaveText('Prospective (in advance)');
  await panel.getByLabel('Recovery threshold ($)').fill('25.00');
  // Holidays by keyboard: a date and Enter adds it; Delete on a chip removes it.
  const add = panel.getByLabel('Add a holiday');
  await add.fill('2026-12-25');
  await add.press('Enter');
  await add.fill('2026-12-24');
  await add.press('Enter');
  await add.fill('2026-12-31');
  await add.press('Enter');
  const list = panel.getByRole('list', { name: 'Holidays' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await list.getByRole('button', { name: /^Holiday Dec 31, 2026/ }).press('Delete');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  // A date listed twice is refused with the reason, changing nothing.
  await add.fill('2026-12-25');
  await add.press('Enter');
  await expect(panel.getByRole('alert')).toContainText('a date is listed twice');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await add.fill('');
  // The recovery plans' largest share and the days to contest a notice: a bad value is named, nothing saved.
  await panel.getByLabel('Recovery plans: at most (%)').fill('0');
  await panel.getByRole('button', { name: 'Save payment basis' }).click();
  await expect(panel.getByRole('alert')).toContainText('Recovery plans: at most (%): must be at least 1%');
  await panel.getByLabel('Recovery plans: at most (%)').fill('20');
  await panel.getByLabel('Days to contest a notice').fill('45');
  await panel.getByLabel('Effective from').fill('2026-12-01');
  await panel.getByRole('button', { name: 'Save payment basis' }).click();
  await expect(panel.getByLabel('In force today')).toContainText('Prospective (in advance) from Dec 1, 2026');
  await expect(panel.getByLabel('In force today')).toContainText('At most 20% of each later payment');
  await expect(panel.getByLabel('In force today')).toContainText('contested within 45 days');
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await app.shot(page, 'payment-basis-settings');

  const stored = await app.core.store.read(
    ({ sql }) =>
      sql.prepare(`SELECT key, effective_from AS f, value FROM setting WHERE key LIKE 'calculation.%' AND effective_from = '2026-12-01' ORDER BY key`).all() as Array<{ key: string; f: string; value: string }>,
  );
  expect(stored).toEqual([
    { key: 'calculation.holidays', f: '2026-12-01', value: '["2026-12-24","2026-12-25"]' },
    { key: 'calculation.paymentBasis', f: '2026-12-01', value: '"prospective"' },
    { key: 'calculation.recoveryThresholdCents', f: '2026-12-01', value: '2500' },
  ]);

  // December is generated and paid in advance (the approver's Generate, through the same handler).
  const approver = app.core.connect((await app.core.store.read(({ db }) => loadSessionUserByName(db, 'approver')))!);
  const periodId = (await approver.call('periods-list', {})).find((p) => p.code === '2026-12')!.id;
  const generated = await approver.call('payments-generate', { periodId });
  expect(generated.calculatedInAdvance).toBeGreaterThan(0);
  const id = await app.core.store.read(({ sql }) => sql.prepare(`SELECT id FROM payment WHERE period_id = ? AND basis = 'prospective' ORDER BY id LIMIT 1`).pluck().get(periodId) as number);
  await page.goto(`${app.url}#/payments/${id}`);
  const lines = page.getByRole('table', { name: 'Calculation lines' });
  await expect(lines.getByRole('columnheader', { name: 'Basis' })).toBeVisible();
  await expect(lines.getByRole('row').nth(1)).toContainText('Prospective (in advance)');
  await lines.scrollIntoViewIfNeeded();
  await app.shot(page, 'invoice-details-basis');
});
