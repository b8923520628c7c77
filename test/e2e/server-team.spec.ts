import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect, SCREENSHOT_DIR } from './fixtures';
import { connectAs, openPeriod, spreadStates } from './payments-world';
import { copyDatabase } from '../../src/main/core/audit/key';
import { startServe, type Serving } from '../../src/server/serve';

// A team on one `paydesk serve` (DESIGN.md section 7): every user in their own browser, against
// the server's HTTPS address and its self-signed certificate, the renderer served by the server.
// What one user commits reaches the others' screens within a second, without a reload.

const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

async function signIn(browser: Browser, serving: Serving, username: string, password = 'demo1234'): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${serving.server.url}/`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
  return page;
}

/** A call from the page through window.api, the same door the screens use (the server's browser API). */
function invoke(page: Page, name: string, args: unknown) {
  return page.evaluate(([n, a]) => (globalThis as unknown as { api: { invoke(n: string, a: unknown): Promise<unknown> } }).api.invoke(n, a), [name, args] as const) as Promise<{
    ok: boolean;
    value?: { batch?: { id: number; itemCount: number } };
    error?: { code: string; message: string };
  }>;
}

test('a team on one server: live counts and details, two Payors export at once, a provider in the browser, a disabled user', async ({ browser, template }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-server-'));
  const db = path.join(dir, 'team.sqlite');
  copyDatabase(template, db);
  const serving = await startServe({ db, listen: '127.0.0.1:0', rendererDir: RENDERER_DIR, log: () => {} });
  try {
    const world = await spreadStates(serving.core);
    const admin = await connectAs(serving.core, 'admin');
    const payor2 = await admin.call('users-create', { username: 'payor2', displayName: 'Quinn Payor', password: 'second-payor-1', groups: ['Payor'] });

    // The Payor watches the Authorized tab; an Approver (another browser) has the item open, and so has a second Approver.
    const payor = await signIn(browser, serving, 'payor');
    await expect(payor.getByTestId('connection')).toContainText(`127.0.0.1:${serving.server.port}`);
    await openPeriod(payor, world);
    await expect(payor.getByTestId('tab-count-Authorized')).not.toHaveText('…');
    const before = Number(await payor.getByTestId('tab-count-Authorized').innerText());
    const id = world.ids.submittedCalculated[0];
    const watcher = await signIn(browser, serving, 'approver2');
    await watcher.goto(`${serving.server.url}/#/payments/${id}`);
    await expect(watcher.getByTestId('detail-payment-status')).toHaveText('Received');

    const approver = await signIn(browser, serving, 'approver');
    await approver.goto(`${serving.server.url}/#/payments/${id}`);
    await expect(approver.getByTestId('detail-payment-status')).toHaveText('Received');
    await approver.getByRole('button', { name: 'Action' }).click();
    await approver.getByRole('menuitem', { name: 'Authorize' }).click();
    await expect(approver.getByTestId('notifier')).toContainText(`Authorize: Payment ${id} is now Pending Payment`);
    // Within a second, without a reload: the Payor's count and the other Approver's open Invoice Details.
    await expect(payor.getByTestId('tab-count-Authorized')).toHaveText(String(before + 1), { timeout: 1_000 });
    await expect(watcher.getByTestId('detail-payment-status')).toHaveText('Authorized', { timeout: 1_000 });
    await payor.screenshot({ path: path.join(SCREENSHOT_DIR, 'server-payor-live-1280.png') });
    // Settings says where the window works and shows the certificate's fingerprint to compare.
    await payor.goto(`${serving.server.url}/#/settings/connection`);
    await expect(payor.getByTestId('server-fingerprint')).toHaveText(serving.certificate.fingerprint);
    await payor.screenshot({ path: path.join(SCREENSHOT_DIR, 'server-settings-connection-1280.png') });

    // Two Payors start the same export at the same moment: one batch; the other is told nothing is left.
    const second = await signIn(browser, serving, 'payor2', 'second-payor-1');
    const payors = (await admin.call('payors-list', {})) as Array<{ id: number }>;
    let scope: { periodId: number; payorId: number } | null = null;
    const asPayor = await connectAs(serving.core, 'payor');
    for (const p of payors) {
      const preview = await asPayor.call('export-preview', { periodId: world.periodId, payorId: p.id });
      if (preview.itemCount > 0 && preview.refusal === null && preview.release === null) {
        scope = { periodId: world.periodId, payorId: p.id };
        break;
      }
    }
    expect(scope).not.toBeNull();
    const countBatches = () => serving.core.store.sql.prepare(`SELECT count(*) FROM export_batch WHERE period_id = ? AND payor_id = ?`).pluck().get(scope!.periodId, scope!.payorId) as number;
    const batchesBefore = countBatches();
    const [a, b] = await Promise.all([invoke(payor, 'export-run', scope), invoke(second, 'export-run', scope)]);
    const won = [a, b].filter((r) => r.ok);
    const lost = [a, b].filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].error!.message).toMatch(/nothing|no item/i);
    expect(countBatches()).toBe(batchesBefore + 1);

    // A provider in the browser: only its own items, keys attendance and submits.
    const provider = await signIn(browser, serving, 'provider');
    await expect(provider.getByTestId('nav-exports')).toHaveCount(0);
    await openPeriod(provider, world);
    const mine = serving.core.store.sql.prepare(`SELECT provider_id FROM app_user WHERE username = 'provider'`).pluck().get() as number;
    const names = await provider.getByRole('grid').locator('[role="gridcell"][data-field="providerName"]').allInnerTexts();
    const own = serving.core.store.sql.prepare(`SELECT name FROM provider WHERE id = ?`).pluck().get(mine) as string;
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set([own]));
    const item = serving.core.store.sql
      .prepare(`SELECT id FROM payment WHERE provider_id = ? AND period_id = ? AND kind = 'payment' AND submission_status = 'New' ORDER BY id LIMIT 1`)
      .pluck()
      .get(mine, world.periodId) as number;
    await provider.goto(`${serving.server.url}/#/payments/${item}`);
    const sheet = provider.getByRole('table', { name: 'Attendance' });
    await sheet.getByRole('textbox').first().fill('8');
    await provider.getByRole('button', { name: 'Submit for payment' }).click();
    await expect(provider.getByTestId('notifier')).toContainText(`Submitted for payment: Payment ${item} is now Ready for Parent`);
    await provider.screenshot({ path: path.join(SCREENSHOT_DIR, 'server-provider-1280.png') });

    // A disabled user's next call is refused, and the page says why.
    await admin.call('users-set-active', { userId: payor2.id, active: false });
    const refused = await invoke(second, 'payments-tab-counts', { periodId: world.periodId });
    expect(refused.ok).toBe(false);
    expect(refused.error!.code).toBe('NOT_SIGNED_IN');
    await second.reload();
    await expect(second.getByTestId('username')).toBeVisible();
  } finally {
    await serving.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
