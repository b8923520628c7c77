import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { pdfPagesText } from '../unit/export-pdf-text';

// Printed attendance sheets (docs/attendance-sheets.md): an Approver prints the period's sheets
// of every provider on paper from Provider Payments (one PDF saved, the CSV template offered),
// then one provider's sheet again from its Invoice Details, which says "Sheet printed on …".

test('print attendance sheets: the period from Provider Payments, one provider from Invoice Details', async ({ page, app }) => {
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments`);
  await expect(page.getByText('Payments and adjustments of November 2026')).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Print attendance sheets' }).click()]);
  expect(download.suggestedFilename()).toBe('attendance-sheets-2026-11.pdf');
  const pdf = path.join(app.dir, download.suggestedFilename());
  await download.saveAs(pdf);
  const dialog = page.getByRole('dialog', { name: 'Attendance sheets printed' });
  await expect(dialog).toBeVisible();
  const rows = dialog.getByRole('table', { name: 'Sheets printed' }).getByRole('row');
  const stored = await app.core.store.read(({ db }) =>
    db.rows<{ paymentId: number; license: string; count: number }>(
      `SELECT s.payment_id AS paymentId, v.license_number AS license, s.print_count AS count FROM attendance_sheet s
       JOIN payment p ON p.id = s.payment_id JOIN provider v ON v.id = p.provider_id ORDER BY v.name`,
    ),
  );
  expect(stored.length).toBeGreaterThan(0);
  await expect(rows).toHaveCount(1 + stored.length);
  // The PDF is the period's sheets, read back: every printed provider's license on its pages.
  const pages = await pdfPagesText(pdf);
  for (const s of stored) expect(pages.some((p) => p.includes(`License number ${s.license}`) && p.includes('Period code 2026-11'))).toBe(true);
  await app.shot(page, 'attendance-sheets-printed');

  // The CSV template: the paper import's columns, a row per child and day, hours and absence empty.
  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save the CSV template' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^attendance-sheets?-2026-11(-LIC-\d+)?\.csv$/);
  const content = fs.readFileSync(await csv.path(), 'utf8').split('\r\n');
  expect(content[0]).toBe('license_number,period,case_number,date,hours,absence_code');
  expect(content.slice(1).filter(Boolean).every((l) => l.endsWith(',,'))).toBe(true);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // One provider's sheet again, from its Invoice Details.
  const first = stored[0];
  await page.goto(`${app.url}#/payments/${first.paymentId}`);
  const mark = page.getByTestId('detail-sheet-printed');
  await expect(mark).toContainText('Sheet printed on');
  await expect(mark).toContainText('by approver');
  await expect(page.getByText('Attendance sheet printed').first()).toBeVisible(); // the history's event
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Print attendance sheet', exact: true }).click()]);
  expect(again.suggestedFilename()).toBe(`attendance-sheet-2026-11-${first.license}.pdf`);
  await page.getByRole('dialog', { name: 'Attendance sheet printed' }).getByRole('button', { name: 'Close' }).click();
  await expect(mark).toContainText('2 times, first on');
  await mark.scrollIntoViewIfNeeded();
  await app.shot(page, 'invoice-details-sheet-printed');
  const count = await app.core.store.read(({ db }) => db.one<{ n: number }>(`SELECT print_count AS n FROM attendance_sheet WHERE payment_id = ?`, [first.paymentId]));
  expect(Number(count!.n)).toBe(2);
});
