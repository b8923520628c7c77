import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Issue #15: the main job with the keyboard only (no mouse click anywhere): sign in, open a
// received item from the Submitted tab, calculate, authorize, export. Then the attendance grid's
// arrow keys and Enter, and the "?" list of shortcuts.

/** Presses Tab until the focused element's accessible name matches (at most `max` presses). */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      `(() => { const el = document.activeElement; return el ? ((el.getAttribute('aria-label') || '') + ' ' + (el.innerText || '')).trim() : ''; })()`,
    );
    if (name.test(focused)) return;
  }
  throw new Error(`no control named ${name} within ${max} Tab presses`);
}

/** Takes the focus out of whatever has it, as a click on the page's background would. */
const blur = (page: Page) => page.evaluate(`document.activeElement && document.activeElement.blur()`);

test('the main job by keyboard only: sign in, open a received item from Submitted, calculate, authorize, export', async ({ page, app }) => {
  test.setTimeout(180_000);
  // A received, submitted direct-pay item of the default period (November 2026 in the demo).
  const item = await app.core.store.read(
    ({ sql }) =>
      sql
        .prepare(
          `SELECT p.id, v.license_number AS license FROM payment p JOIN provider v ON v.id = p.provider_id JOIN payor y ON y.id = v.payor_id
            JOIN service_period pe ON pe.id = p.period_id
            WHERE pe.code = '2026-11' AND p.payment_status = 'Received' AND p.submission_status = 'Submitted' AND p.sub_status = 'Awaiting Action'
              AND y.kind = 'direct' AND v.bank_change_pending = 0 AND v.payment_method = 'ach' AND p.kind = 'payment'
              AND (SELECT count(*) FROM payment q WHERE q.provider_id = p.provider_id AND q.period_id = p.period_id) = 1
            ORDER BY p.id LIMIT 1`,
        )
        .get() as { id: number; license: string },
  );
  expect(item).toBeTruthy();

  // Sign in: the user name has the focus; Tab to the password; Enter.
  const signIn = async (username: string) => {
    await expect(page.getByTestId('username')).toBeFocused();
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo1234');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('signed-in-user')).toContainText(username === 'approver' ? 'Avery Approver' : 'Pat Payor');
  };
  await page.goto(app.url);
  await signIn('approver');

  // The Submitted tab by "]", the search by "/", the grid by "G", the item by Enter.
  const grid = page.getByRole('grid');
  await expect(grid.locator('[role="row"][data-id]').first()).toBeVisible();
  for (let i = 0; i < 5 && (await grid.getAttribute('aria-label')) !== 'Payments — Submitted'; i++) {
    await page.keyboard.press(']');
    await page.waitForTimeout(200);
  }
  await expect(grid).toHaveAttribute('aria-label', 'Payments — Submitted');
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: /^Search Payments/ })).toBeFocused();
  await page.keyboard.type(item.license);
  await expect(grid.locator('[role="row"][data-id]')).toHaveCount(1);
  await expect(grid.locator(`[role="row"][data-id="${item.id}"]`)).toBeVisible();
  await page.keyboard.press('Escape');
  await page.locator('body').focus();
  await blur(page);
  await page.keyboard.press('g');
  await page.keyboard.press('Enter');
  // The item opens with the view it was chosen from in its address (back returns to that view).
  await expect(page).toHaveURL(new RegExp(`#/payments/${item.id}(\\?.*)?$`));
  await expect(page.getByTestId('detail-payment-status')).toContainText('Received');

  // Calculate ("C"), then Authorize ("A").
  await page.keyboard.press('c');
  await expect(page.getByTestId('notifier')).toContainText('Calculate');
  await expect(page.getByText('Not calculated')).toHaveCount(0);
  await page.keyboard.press('a');
  await expect(page.getByTestId('detail-payment-status')).toContainText('Authorized');
  await app.shot(page, 'keyboard-authorized');

  // Export, by a Payor (separation of duties: the one who authorized may not export): Sign out by
  // Tab and Enter; sign in; Tab to Exports in the navigation, Enter; Tab to "Export payments",
  // Enter; Tab to the dialog's Export button, Enter.
  await page.keyboard.press('b');
  await expect(page.getByRole('heading', { name: 'Provider Payments' })).toBeVisible();
  await blur(page);
  await tabTo(page, /^Sign out$/);
  await page.keyboard.press('Enter');
  await signIn('payor');
  await expect(page.getByRole('heading', { name: 'Provider Payments' })).toBeVisible();
  await tabTo(page, /^Exports$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Exports' })).toBeVisible();
  await tabTo(page, /Export payments/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Export payments — November 2026/ });
  await expect(dialog.getByRole('combobox', { name: 'Payor' })).toContainText('Agency (direct pay)');
  await expect(dialog.getByRole('button', { name: /^Export \d+ items/ })).toBeEnabled();
  await tabTo(page, /^Export \d+ items/);
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('export-result')).toBeVisible({ timeout: 60_000 });
  await app.shot(page, 'keyboard-exported');

  const exported = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT export_batch_id AS batch, payment_status AS status FROM payment WHERE id = ?`).get(item.id) as { batch: number | null; status: string },
  );
  expect(exported.batch).not.toBeNull();
});

test('the attendance grid: arrow keys, Enter and Home/End move between cells; the "?" dialog lists the shortcuts', async ({ page, app }) => {
  test.setTimeout(120_000);
  const item = await app.core.store.read(
    ({ sql }) =>
      sql
        .prepare(
          `SELECT p.id FROM payment p JOIN service_period pe ON pe.id = p.period_id
            WHERE pe.code = '2026-11' AND p.payment_status = 'Received' AND p.sub_status = 'Awaiting Action' AND p.kind = 'payment'
              AND (SELECT count(DISTINCT child_id) FROM attendance a WHERE a.payment_id = p.id) >= 2
            ORDER BY p.id LIMIT 1`,
        )
        .get() as { id: number },
  );
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${item.id}`);
  await expect(page.getByTestId('detail-payment-status')).toContainText('Received');
  await page.keyboard.press('e'); // Edit attendance: the focus goes to the grid's first open cell
  const table = page.getByRole('table', { name: 'Attendance' });
  const first = table.locator('input').first();
  await expect(first).toBeFocused();
  const pos = async () =>
    page.evaluate<{ row: number; col: number; selected: boolean }>(
      `(() => { const el = document.activeElement; return { row: Number(el.dataset.row), col: Number(el.dataset.col), selected: el.selectionStart === 0 && el.selectionEnd === el.value.length }; })()`,
    );
  const start = await pos();
  await page.keyboard.press('ArrowRight');
  const right = await pos();
  expect(right.row).toBe(start.row);
  expect(right.col).toBeGreaterThan(start.col);
  expect(right.selected).toBe(true); // ready to type over
  await page.keyboard.press('ArrowLeft');
  expect(await pos()).toMatchObject({ row: start.row, col: start.col });
  await page.keyboard.press('ArrowDown');
  const down = await pos();
  expect(down.row).toBeGreaterThan(start.row);
  await page.keyboard.press('ArrowUp');
  expect((await pos()).row).toBe(start.row);
  await page.keyboard.press('Enter');
  expect((await pos()).row).toBe(down.row);
  await page.keyboard.press('Shift+Enter');
  expect((await pos()).row).toBe(start.row);
  await page.keyboard.press('End');
  const end = await pos();
  const lastCol = await table.locator(`input[data-row="${start.row}"]`).last().getAttribute('data-col');
  expect(end.col).toBe(Number(lastCol));
  await page.keyboard.press('Home');
  expect((await pos()).col).toBe(start.col);

  // Typing over a cell and moving on keeps the change; the save button says what it does.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('7');
  await page.keyboard.press('ArrowRight');
  await expect(table.locator(`input[data-row="${start.row}"][data-col="${right.col}"]`)).toHaveValue('7');
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeEnabled();
  await expect(page.getByRole('button', { name: /SAVE AS/ })).toHaveCount(0);

  // At 1280 px, day 30/31 and the hours total are in view.
  const lastDay = table.locator('thead th').nth(-2);
  await expect(lastDay).toBeInViewport();
  await expect(table.locator('th.total')).toBeInViewport();
  await app.shot(page, 'attendance-keys-1280x800');

  // "?" (outside a text field) lists the shortcuts.
  await page.keyboard.press('Escape');
  await blur(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('table', { name: 'Shortcuts: Invoice Details' })).toContainText('Calculate');
  await expect(help.getByRole('table', { name: 'Shortcuts: Attendance grid' })).toContainText('Move between days and children');
  await app.shot(page, 'shortcuts-help-1280x800');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});
