import { test, expect } from './fixtures';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';
import { loadSessionUser } from '../../src/main/core/users/users';

// Intake from the Provider Payments page: an empty period says what to do next, Generate payments
// (with progress), a submission file with errors listed by row and field, a good one, and paper
// attendance keyed into the review grid.
const PERIOD = { code: '2026-03', label: 'March 2026' };

test('an empty period offers Generate payments; imports list a file’s errors by row and field', async ({ page, app }) => {
  test.setTimeout(150_000);
  const period = app.core.store.sql.prepare(`SELECT id, start_date AS s, end_date AS e FROM service_period WHERE code = ?`).get(PERIOD.code) as {
    id: number;
    s: string;
    e: string;
  };
  expect(app.core.store.sql.prepare(`SELECT count(*) AS n FROM payment WHERE period_id = ?`).get(period.id)).toEqual({ n: 0 });
  await app.signIn(page, 'approver');
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: new RegExp(PERIOD.label) }).click();
  await expect(page.getByTestId('empty-state')).toContainText('No payments for this period — Generate payments');
  await app.shot(page, 'payments-empty-period');

  await page.getByTestId('empty-state').getByRole('button', { name: 'Generate payments' }).click();
  await expect(page.getByTestId('notifier')).toContainText(/Generate payments for March 2026: \d+ created, 0 already existed/);
  const generated = (app.core.store.sql.prepare(`SELECT count(*) AS n FROM payment WHERE period_id = ?`).get(period.id) as { n: number }).n;
  expect(generated).toBeGreaterThan(0);
  await expect(page.getByTestId('tab-count-All')).toHaveText(String(generated));

  // A submission with two bad rows: nothing is imported, and each error names its row and field.
  const provider = app.core.store.sql
    .prepare(`SELECT v.id, v.license_number AS license FROM payment p JOIN provider v ON v.id = p.provider_id WHERE p.period_id = ? AND v.id <> 1 ORDER BY v.id LIMIT 1`)
    .get(period.id) as { id: number; license: string };
  const kids = app.core.store.sql
    .prepare(`SELECT DISTINCT c.case_number AS caseNumber FROM authorization a JOIN child c ON c.id = a.child_id WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ?`)
    .all(provider.id, period.e, period.s) as Array<{ caseNumber: string }>;
  const days = eachDay(period.s, period.e).filter(isWeekday);
  const attendance = kids.flatMap((k) => days.map((date) => ({ caseNumber: k.caseNumber, date, hours: 8 })));
  const file = (rows: unknown[]) =>
    JSON.stringify({ format: 'paydesk-submission', version: 1, licenseNumber: provider.license, period: PERIOD.code, providerSignedAt: '2026-04-02T15:00:00Z', parentSignedAt: null, attendance: rows });
  const bad = [...attendance];
  bad[1] = { ...bad[1], hours: 30 };
  bad[3] = { caseNumber: bad[3].caseNumber, date: '2026-03-32', hours: 8 };
  const before = app.core.store.sql.prepare(`SELECT count(*) AS n FROM audit_event`).get();
  await page.getByTestId('import-submission-file').setInputFiles({ name: 'bad-submission.json', mimeType: 'application/json', buffer: Buffer.from(file(bad)) });
  const errors = page.getByRole('dialog', { name: 'bad-submission.json was not imported' });
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('Nothing was changed.');
  const table = errors.getByRole('table', { name: 'File errors' });
  await expect(table.getByRole('row').filter({ hasText: 'hours' }).first()).toContainText('2');
  await expect(table.getByRole('row').filter({ hasText: 'date' }).first()).toContainText('4');
  await app.shot(page, 'import-errors');
  expect(app.core.store.sql.prepare(`SELECT count(*) AS n FROM audit_event`).get()).toEqual(before);
  await errors.getByRole('button', { name: 'Close' }).click();

  // The corrected file: the provider's payment is now waiting for the parent.
  await page.getByTestId('import-submission-file').setInputFiles({ name: 'submission.json', mimeType: 'application/json', buffer: Buffer.from(file(attendance)) });
  await expect(page.getByTestId('notifier')).toContainText('submission.json:');
  await expect(page.getByTestId('tab-count-Pending Parent')).toHaveText('1');
});

test('paper attendance keyed into the review grid records it and marks the payment received', async ({ page, app }) => {
  const approver = app.core.store.sql.prepare(`SELECT id FROM app_user WHERE username = 'approver'`).get() as { id: number };
  const period = app.core.store.sql.prepare(`SELECT id FROM service_period WHERE code = ?`).get(PERIOD.code) as { id: number };
  const conn = app.core.connect(loadSessionUser(app.core.store.sql, approver.id)!);
  await conn.call('payments-generate', { periodId: period.id });
  const id = (app.core.store.sql.prepare(`SELECT id FROM payment WHERE period_id = ? AND provider_id <> 1 ORDER BY id LIMIT 1`).get(period.id) as { id: number }).id;

  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('New');
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Record paper attendance' }).click();
  const inputs = page.getByRole('table', { name: 'Attendance' }).locator('input');
  await expect(inputs.first()).toBeFocused();
  await inputs.nth(0).fill('8');
  await inputs.nth(1).fill('a');
  await inputs.nth(2).fill('7.5');
  await inputs.nth(3).fill('x');
  await expect(page.getByRole('button', { name: 'Save as Record paper attendance' })).toBeDisabled();
  await inputs.nth(3).fill('');
  await app.shot(page, 'invoice-details-paper-attendance');
  await page.getByRole('button', { name: 'Save as Record paper attendance' }).click();
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  await expect(page.getByTestId('detail-submission-status')).toHaveText('New');
  const rows = app.core.store.sql.prepare(`SELECT hours, absence_code AS code, source FROM attendance WHERE payment_id = ? ORDER BY child_id, date`).all(id);
  expect(rows).toEqual([
    { hours: 8, code: null, source: 'paper' },
    { hours: null, code: 'ABSENT', source: 'paper' },
    { hours: 7.5, code: null, source: 'paper' },
  ]);
});
