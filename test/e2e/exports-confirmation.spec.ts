import { test, expect } from './fixtures';
import { userOf } from './exports-helpers';
import { agencyToday } from '../../src/main/core/settings/today';

// A third-party payor's confirmation file from the Exports page: a file with a bad row is refused
// with every error by row and column and nothing changes; the good file marks the handed-over
// items Processed and Paid, and the batch list shows it.

test('confirmation file: errors by row and column, then Processed and Paid', async ({ page, app }) => {
  const payor = await userOf(app, 'payor');
  const core = app.core.connect(payor);
  const period = (await core.call('periods-list', {})).find((p) => p.code === '2026-10')!;
  const batch = await core.call('export-run', { periodId: period.id, payorId: 2 });
  const ids = batch.providers.flatMap((p) => p.items.map((i) => i.paymentId));
  expect(ids.length).toBeGreaterThan(1);
  // In the order of ids (the batch's, by provider name), not by payment id.
  const states = () =>
    app.core.store.read(({ sql }) => ids.map((id) => (sql.prepare(`SELECT sub_status AS s FROM payment WHERE id = ?`).get(id) as { s: string }).s));
  expect(new Set(await states())).toEqual(new Set(['In Process']));

  await app.signIn(page, 'payor');
  await page.goto(`${app.url}#/exports`);
  const grid = page.getByRole('grid', { name: 'Export batches' });
  await expect(grid.getByRole('row', { name: new RegExp(`^${batch.batch.id}\\b`) })).toContainText(`0 paid, ${ids.length} in process`);

  // Confirmed today (the agency's date): not before the hand-over, which the batch just made today.
  const today = await app.core.store.read(({ sql }) => agencyToday(sql, new Date()));
  const bad = ['payment_id,status,date', `${ids[0]},Paid,${today}`, `${ids[1]},Sent,${today}`, '999999,Processed,2026-13-01'].join('\n');
  await page.getByTestId('import-confirmation-file').setInputFiles({ name: 'falling-colors.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const dialog = page.getByRole('dialog', { name: 'falling-colors.csv was not imported' });
  await expect(dialog).toBeVisible();
  const rows = dialog.getByRole('table', { name: 'File errors' }).getByRole('row');
  await expect(rows).toHaveCount(3); // header + row 3 status + row 4 date
  await expect(rows.nth(1)).toContainText('3');
  await expect(rows.nth(1)).toContainText('status');
  await expect(rows.nth(2)).toContainText('4');
  await expect(rows.nth(2)).toContainText('date');
  await app.shot(page, 'exports-confirmation-errors');
  expect(new Set(await states())).toEqual(new Set(['In Process'])); // all or nothing
  await dialog.getByRole('button', { name: 'Close' }).click();

  const good = ['payment_id,status,date', `${ids[0]},Paid,${today}`, ...ids.slice(1).map((id) => `${id},Processed,${today}`)].join('\n');
  await page.getByTestId('import-confirmation-file').setInputFiles({ name: 'falling-colors.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  const done = page.getByRole('dialog', { name: 'falling-colors.csv imported' });
  await expect(done.getByRole('row', { name: /Confirmed Paid/ })).toContainText('1');
  await expect(done.getByRole('row', { name: /Marked Processed/ })).toContainText(String(ids.length - 1));
  await app.shot(page, 'exports-confirmation-done');
  await done.getByRole('button', { name: 'Close' }).click();
  expect(await states()).toEqual(['Paid', ...ids.slice(1).map(() => 'Processed')]);
  await expect(grid.getByRole('row', { name: new RegExp(`^${batch.batch.id}\\b`) })).toContainText(`1 paid, ${ids.length - 1} processed`);
  await app.shot(page, 'exports-list-third-party');
});
