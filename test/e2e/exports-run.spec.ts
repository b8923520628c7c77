import path from 'node:path';
import fs from 'node:fs';
import { test, expect } from './fixtures';
import { userOf } from './exports-helpers';
import { formatCents as fmt } from '../../src/shared/domain/money';

// The export from the UI: the Payor previews October's direct-pay export (count, total, who is left
// out and why), runs it, sees the result with Print, and finds the batch with its files on the
// Exports page; regenerating the files gives the same SHA-256s.


test('export from the UI: preview, run, result, and the batch with its files on the Exports page', async ({ page, app }) => {
  const payor = await userOf(app, 'payor');
  const core = app.core.connect(payor);
  const period = (await core.call('periods-list', {})).find((p) => p.code === '2026-10')!;
  const expected = await core.call('export-preview', { periodId: period.id, payorId: 1 });
  expect(expected.itemCount).toBeGreaterThan(0); // the demo has authorized items in October
  expect(expected.refusal).toBeNull();
  expect(expected.leftOut.some((l) => l.reason === 'held')).toBe(true);

  await app.signIn(page, 'payor');
  await page.getByRole('button', { name: 'Exports' }).click();
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: /October 2026/ }).click();
  await app.shot(page, 'exports-list-demo-batches');
  await page.getByRole('button', { name: 'Export payments' }).first().click();

  const dialog = page.getByRole('dialog', { name: 'Export payments — October 2026' });
  await expect(dialog.getByRole('combobox', { name: 'Payor' })).toContainText('Agency (direct pay)');
  const summary = dialog.getByTestId('export-preview-summary');
  await expect(summary.getByLabel('Items')).toHaveText(String(expected.itemCount));
  await expect(summary.getByLabel('Providers')).toHaveText(String(expected.providerCount));
  await expect(summary.getByLabel('Total')).toHaveText(fmt(expected.totalCents));
  const leftOut = dialog.getByRole('table', { name: 'Left out of the export' });
  await expect(leftOut.getByRole('row')).toHaveCount(expected.leftOut.length + 1);
  await expect(leftOut).toContainText('On hold');
  await app.shot(page, 'exports-preview');

  // Hold the run's answer until the progress bar has been seen: it shows the core's progress events.
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/invoke', async (route) => {
    if ((route.request().postDataJSON() as { name: string }).name !== 'export-run') return route.continue();
    const response = await route.fetch();
    await answered;
    await route.fulfill({ response });
  });
  await dialog.getByRole('button', { name: `Export ${expected.itemCount} items (${fmt(expected.totalCents)})` }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await expect(dialog.getByTestId('export-progress')).toContainText(/ — \d+ of \d+$/);
  await app.shot(page, 'exports-progress');
  release();
  const result = dialog.getByTestId('export-result');
  await expect(result).toContainText(`exported ${expected.itemCount} items to ${expected.providerCount} providers, ${fmt(expected.totalCents)}`);
  await app.shot(page, 'exports-result');

  const batch = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT id, folder, item_count AS items FROM export_batch ORDER BY id DESC LIMIT 1`).get() as { id: number; folder: string; items: number },
  );
  expect(batch.items).toBe(expected.itemCount);
  // Every exported item is Paid (direct payor), none is left Authorized.
  const states = await app.core.store.read(
    ({ sql }) =>
      sql.prepare(`SELECT p.invoice_status AS i, p.sub_status AS s, count(*) AS n FROM export_item e JOIN payment p ON p.id = e.payment_id WHERE e.batch_id = ? GROUP BY 1, 2`).all(batch.id),
  );
  expect(states).toEqual([{ i: 'Invoice History', s: 'Paid', n: expected.itemCount }]);

  // Print opens the combined remittance PDF the batch wrote (the browser preview opens it in a tab,
  // through a short-lived link the core gave for batch and kind: the page never names a path).
  const popup = page.waitForEvent('popup');
  await dialog.getByRole('button', { name: 'Print' }).click();
  const pdf = await popup;
  await pdf.waitForURL(new RegExp(`/api/file/[0-9a-f]{48}/remittance-all-${batch.id}\\.pdf`));
  const served = await page.request.get(pdf.url());
  expect(Buffer.from(await served.body()).equals(fs.readFileSync(path.join(batch.folder, `remittance-all-${batch.id}.pdf`)))).toBe(true);
  await pdf.close();

  await dialog.getByRole('button', { name: 'View batch' }).click();
  await expect(page).toHaveURL(new RegExp(`#/exports/${batch.id}$`));
  const files = page.getByRole('table', { name: 'Batch files' });
  await expect(files).toContainText('NACHA ACH file');
  await expect(files).toContainText('Combined remittance (print)');
  await expect(files).toContainText('Payment register');
  const detail = await core.call('export-batch-get', { batchId: batch.id });
  for (const f of detail.files.filter((x) => x.kind !== 'remittance')) {
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(files).toContainText(f.sha256!);
    expect(fs.existsSync(`${batch.folder}/${f.name}`)).toBe(true);
  }
  const providers = page.getByRole('table', { name: 'Providers in the batch' });
  await expect(providers.getByRole('row')).toHaveCount(expected.providerCount + 1);
  await app.shot(page, 'exports-batch-detail');

  // Regenerating writes the same bytes.
  await page.getByRole('button', { name: 'Regenerate files' }).click();
  await expect(page.getByTestId('notifier')).toContainText('every SHA-256 is the same');
  const again = await core.call('export-batch-get', { batchId: batch.id });
  expect(again.files.map((f) => f.sha256)).toEqual(detail.files.map((f) => f.sha256));

  // The Exports page lists the batch with its totals.
  await page.getByRole('button', { name: 'Exports', exact: true }).first().click();
  const grid = page.getByRole('grid', { name: 'Export batches' });
  const row = grid.getByRole('row', { name: new RegExp(`^${batch.id}\\b`) });
  await expect(row).toContainText('October 2026');
  await expect(row).toContainText('Agency (direct pay)');
  await expect(row).toContainText(fmt(expected.totalCents));
  await expect(row).toContainText('Written');
  await app.shot(page, 'exports-list');

  // A second preview of the same period and payor finds nothing left to export.
  const after = await core.call('export-preview', { periodId: period.id, payorId: 1 });
  expect(after.itemCount).toBe(0);
});


test('the Authorized tab of Provider Payments has Export, which opens the same flow for that period', async ({ page, app }) => {
  const payor = await userOf(app, 'payor');
  const core = app.core.connect(payor);
  const period = (await core.call('periods-list', {})).find((p) => p.code === '2026-10')!;
  const expected = await core.call('export-preview', { periodId: period.id, payorId: 1 });

  await app.signIn(page, 'payor');
  await page.getByRole('combobox', { name: 'Service period' }).click();
  await page.getByRole('option', { name: /October 2026/ }).click();
  await page.getByTestId('tab-Authorized').click();
  await expect(page.getByRole('grid', { name: /Payments — Authorized/ })).toBeVisible();
  await app.shot(page, 'exports-authorized-tab-button');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export payments — October 2026' });
  await expect(dialog.getByTestId('export-preview-summary').getByLabel('Items')).toHaveText(String(expected.itemCount));
  await app.shot(page, 'exports-from-authorized-tab');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Not for other groups: an Approver sees no Export button on the tab.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'approver');
  await page.getByTestId('tab-Authorized').click();
  await expect(page.getByRole('grid', { name: /Payments — Authorized/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toHaveCount(0);
});

test('the demo’s own batches, their files written at the core’s start: listed as Written, each file with its SHA-256, who was left out and why', async ({ page, app }) => {
  const payor = await userOf(app, 'payor');
  const core = app.core.connect(payor);
  const batches = await app.core.store.read(
    ({ sql }) =>
      sql
        .prepare(`SELECT id, files_written_at AS written, (SELECT count(*) FROM json_each(snapshot, '$.leftOut') WHERE json_extract(value, '$.reason') = 'negative-net') AS negative FROM export_batch ORDER BY id`)
        .all() as Array<{ id: number; written: string | null; negative: number }>,
  );
  expect(batches.length).toBeGreaterThan(0);
  expect(batches.every((b) => b.written !== null)).toBe(true);

  await app.signIn(page, 'payor');
  await page.goto(`${app.url}#/exports`);
  const grid = page.getByRole('grid', { name: 'Export batches' });
  for (const b of batches) await expect(grid.getByRole('row', { name: new RegExp(`^${b.id}\\b`) })).toContainText('Written');

  // The batch that left out a provider whose overpayment recovery is bigger than its payment.
  const id = batches.find((b) => b.negative > 0)!.id;
  const detail = await core.call('export-batch-get', { batchId: id });
  await page.goto(`${app.url}#/exports/${id}`);
  const files = page.getByRole('table', { name: 'Batch files' });
  for (const f of detail.files.filter((x) => x.kind !== 'remittance')) {
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(files).toContainText(f.sha256!);
  }
  await expect(page.getByRole('table', { name: 'Providers in the batch' }).getByRole('row')).toHaveCount(detail.providers.length + 1);
  const leftOut = page.getByRole('table', { name: 'Left out of the batch' });
  await expect(leftOut.getByRole('row')).toHaveCount(detail.leftOut.length + 1);
  await expect(leftOut).toContainText(/Net is negative \(-\$[\d,.]+\); stays Authorized/);
  await leftOut.scrollIntoViewIfNeeded();
  await app.shot(page, 'exports-demo-batch-left-out');
});
