import { test, expect } from './fixtures';
import { eachDay, isWeekday } from '../../src/shared/domain/dates';
import { loadSessionUser } from '../../src/main/core/users/users';

// Intake from the Provider Payments page: an empty period says what to do next, Generate payments
// (with progress), a submission file with errors listed by row and field, a good one, several
// submission files at once (each all or nothing, a result per file), paper attendance keyed into
// the review grid, and a paper attendance file.
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
  const conn = app.core.connect((await app.core.store.read(({ db }) => loadSessionUser(db, approver.id)))!);
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
  await expect(page.getByRole('button', { name: 'Save paper attendance' })).toBeDisabled();
  await inputs.nth(3).fill('');
  await app.shot(page, 'invoice-details-paper-attendance');
  await page.getByRole('button', { name: 'Save paper attendance' }).click();
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  await expect(page.getByTestId('detail-submission-status')).toHaveText('New');
  const rows = app.core.store.sql.prepare(`SELECT hours, absence_code AS code, source FROM attendance WHERE payment_id = ? ORDER BY child_id, date`).all(id);
  expect(rows).toEqual([
    { hours: 8, code: null, source: 'paper' },
    { hours: null, code: 'ABSENT', source: 'paper' },
    { hours: 7.5, code: null, source: 'paper' },
  ]);
});

test('several submission files at once: each imported on its own, with progress and a result per file', async ({ page, app }) => {
  const sql = app.core.store.sql;
  const approver = sql.prepare(`SELECT id FROM app_user WHERE username = 'approver'`).get() as { id: number };
  const period = sql.prepare(`SELECT id, start_date AS s, end_date AS e FROM service_period WHERE code = ?`).get(PERIOD.code) as { id: number; s: string; e: string };
  const conn = app.core.connect((await app.core.store.read(({ db }) => loadSessionUser(db, approver.id)))!);
  await conn.call('payments-generate', { periodId: period.id });
  const payments = sql
    .prepare(`SELECT p.id, v.id AS providerId, v.license_number AS license FROM payment p JOIN provider v ON v.id = p.provider_id
      WHERE p.period_id = ? AND v.id <> 1 AND EXISTS (SELECT 1 FROM authorization a WHERE a.provider_id = v.id AND a.start_date <= ? AND a.end_date >= ?)
      ORDER BY p.id LIMIT 3`)
    .all(period.id, period.e, period.s) as Array<{ id: number; providerId: number; license: string }>;
  expect(payments).toHaveLength(3);
  const submission = (p: (typeof payments)[number], change?: (rows: Array<Record<string, unknown>>) => void) => {
    const kids = sql
      .prepare(`SELECT DISTINCT c.case_number AS caseNumber FROM authorization a JOIN child c ON c.id = a.child_id WHERE a.provider_id = ? AND a.start_date <= ? AND a.end_date >= ?`)
      .all(p.providerId, period.e, period.s) as Array<{ caseNumber: string }>;
    const rows: Array<Record<string, unknown>> = kids.flatMap((k) => eachDay(period.s, period.e).filter(isWeekday).map((date) => ({ caseNumber: k.caseNumber, date, hours: 8 })));
    change?.(rows);
    const content = JSON.stringify({ format: 'paydesk-submission', version: 1, licenseNumber: p.license, period: PERIOD.code, providerSignedAt: '2026-04-02T15:00:00Z', parentSignedAt: '2026-04-03T18:00:00Z', attendance: rows });
    return { mimeType: 'application/json', buffer: Buffer.from(content) };
  };
  const [earlier, good, bad] = payments;
  const state = (id: number) => sql.prepare(`SELECT submission_status AS submission, payment_status AS payment, received_at AS received FROM payment WHERE id = ?`).get(id);
  // One file was imported before: picking it again changes nothing.
  await conn.call('intake-import-submission', { fileName: 'earlier.json', content: submission(earlier).buffer.toString() });
  const earlierState = state(earlier.id);
  const badState = state(bad.id);
  expect(state(good.id)).toEqual({ submission: 'New', payment: 'New', received: null });

  // The second file waits in the core's doorway, so the progress can be seen on it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke', async (route) => {
    const body = route.request().postDataJSON() as { name: string; args: { fileName?: string } };
    if (body.name === 'intake-import-submission' && body.args.fileName === 'bad.json') await held;
    await route.continue();
  });

  await app.signIn(page, 'approver');
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: new RegExp(PERIOD.label) }).click();
  await expect(page.getByTestId('tab-count-Submitted')).toHaveText('1');
  await page.getByTestId('import-submission-file').setInputFiles([
    { name: 'earlier.json', ...submission(earlier) },
    // Row 2 of the attendance (the second day) has 30 hours.
    { name: 'bad.json', ...submission(bad, (rows) => (rows[1].hours = 30)) },
    { name: 'good.json', ...submission(good) },
  ]);
  const progress = page.getByRole('dialog', { name: 'Importing submissions' });
  await expect(progress.getByTestId('progress-message')).toHaveText('File 2 of 3: bad.json');
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^33(\.\d+)?$/); // one file of three done
  release();

  const result = page.getByRole('dialog', { name: 'Import submission: 3 files' });
  await expect(result.getByTestId('submission-results-summary')).toHaveText(
    '1 imported, 1 already imported (no change), 1 refused (a refused file changes nothing: fix it and import it again).',
  );
  const files = result.getByRole('list', { name: 'Files' }).getByRole('listitem');
  await expect(files).toHaveCount(3);
  await expect(files.nth(0)).toHaveAttribute('aria-label', 'earlier.json');
  await expect(files.nth(0)).toContainText('Already imported');
  await expect(files.nth(0)).toContainText(`payment ${earlier.id}); nothing changed`);
  await expect(files.nth(1)).toHaveAttribute('aria-label', 'bad.json');
  await expect(files.nth(1)).toContainText('Refused');
  await expect(files.nth(1)).toContainText('Nothing was changed.');
  const errorRow = files.nth(1).getByRole('table', { name: 'File errors' }).getByRole('row').nth(1);
  await expect(errorRow.getByRole('cell').nth(0)).toHaveText('2');
  await expect(errorRow.getByRole('cell').nth(1)).toHaveText('hours');
  await expect(files.nth(2)).toHaveAttribute('aria-label', 'good.json');
  await expect(files.nth(2)).toContainText('Imported');
  await expect(files.nth(2)).toContainText(`payment ${good.id} is Submitted / Received`);
  await expect(page.getByTestId('tab-count-Submitted')).toHaveText('2');
  await app.shot(page, 'import-submissions-results');

  // The good file's payment is Submitted and Received; the other two did not move.
  expect(state(good.id)).toMatchObject({ submission: 'Submitted', payment: 'Received', received: '2026-04-03T18:00:00Z' }); // the parent's signature
  expect(state(earlier.id)).toEqual(earlierState);
  expect(state(bad.id)).toEqual(badState);
  await files.nth(2).getByRole('button', { name: `Open payment ${good.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/payments/${good.id}$`));
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
});

test('a paper attendance file: refused with its errors by row and column, then taken with a summary', async ({ page, app }) => {
  const sql = app.core.store.sql;
  const approver = sql.prepare(`SELECT id FROM app_user WHERE username = 'approver'`).get() as { id: number };
  const period = sql.prepare(`SELECT id, start_date AS s, end_date AS e FROM service_period WHERE code = ?`).get(PERIOD.code) as { id: number; s: string; e: string };
  await app.core.connect((await app.core.store.read(({ db }) => loadSessionUser(db, approver.id)))!).call('payments-generate', { periodId: period.id });
  const target = sql
    .prepare(`SELECT p.id, v.license_number AS license, c.case_number AS caseNumber FROM payment p JOIN provider v ON v.id = p.provider_id
      JOIN authorization a ON a.provider_id = v.id AND a.start_date <= ? AND a.end_date >= ? JOIN child c ON c.id = a.child_id
      WHERE p.period_id = ? AND v.id <> 1 ORDER BY p.id LIMIT 1`)
    .get(period.e, period.s, period.id) as { id: number; license: string; caseNumber: string };
  const [d1, d2] = eachDay(period.s, period.e).filter(isWeekday);
  const csv = (hours2: string) =>
    `license_number,period,case_number,date,hours,absence_code\n${target.license},${PERIOD.code},${target.caseNumber},${d1},8,\n${target.license},${PERIOD.code},${target.caseNumber},${d2},${hours2},\n`;

  await app.signIn(page, 'approver');
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: new RegExp(PERIOD.label) }).click();
  await page.getByTestId('import-paper-file').setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('25')) });
  const errors = page.getByRole('dialog', { name: 'paper.csv was not imported' });
  await expect(errors.getByRole('table', { name: 'File errors' }).getByRole('row').nth(1)).toContainText(/3\s*hours/);
  expect(sql.prepare(`SELECT count(*) AS n FROM attendance WHERE payment_id = ?`).get(target.id)).toEqual({ n: 0 });
  await errors.getByRole('button', { name: 'Close' }).click();

  // The core's answer is held back a moment, so the progress it reported can be seen in the dialog.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke', async (route) => {
    const body = route.request().postDataJSON() as { name: string };
    if (body.name !== 'intake-import-paper-csv') return route.continue();
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await page.getByTestId('import-paper-file').setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('7.5')) });
  const progress = page.getByRole('dialog', { name: 'Import paper attendance' });
  await expect(progress.getByTestId('progress-message')).toHaveText('Recording 2 days on 1 payment — 1 of 1');
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await app.shot(page, 'import-paper-progress');
  release();
  const summary = page.getByRole('dialog', { name: 'paper.csv imported' }).getByRole('table', { name: 'Import summary' });
  await expect(summary.getByRole('row', { name: /Days in the file/ })).toContainText('2');
  await expect(summary.getByRole('row', { name: /Paper attendance recorded/ })).toContainText('1');
  expect(sql.prepare(`SELECT payment_status AS s FROM payment WHERE id = ?`).get(target.id)).toEqual({ s: 'Received' });
});
