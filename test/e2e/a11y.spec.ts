import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, type AppFixture } from './fixtures';
import { spreadStates } from './payments-world';

// WCAG 2.1 AA (Section 508): axe-core checks every screen, each as the user who works on it, in
// the light and the dark scheme (the theme follows the OS). No serious or critical violation may
// remain. A failure lists each rule with the elements it found.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function check(page: Page, screen: string): Promise<string[]> {
  // Let transitions (dialogs fading in, grids measuring) finish before looking.
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) — ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('\n    ')}`);
}

async function screensOf(page: Page, app: AppFixture, scheme: 'light' | 'dark', world: Awaited<ReturnType<typeof spreadStates>>): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme });
  const found: string[] = [];
  const visit = async (screen: string, url: string, ready: () => Promise<void>) => {
    await page.goto(`${app.url}${url}`);
    await ready();
    found.push(...(await check(page, `${scheme} ${screen}`)));
  };

  // Signed out: the sign-in screen.
  await page.goto(app.url);
  await expect(page.getByTestId('username')).toBeVisible();
  found.push(...(await check(page, `${scheme} sign-in`)));

  // A finance clerk (Approver and Payor): the payments grid, Invoice Details, its dialogs, Exports.
  await app.signIn(page, 'finance');
  await visit('payments', '#/payments', () => expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible());
  await page.getByTestId('tab-Submitted').click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Submitted');
  found.push(...(await check(page, `${scheme} payments, Submitted tab`)));
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  found.push(...(await check(page, `${scheme} shortcuts help`)));
  await page.keyboard.press('Escape');

  const id = world.ids.submittedCalculated[0];
  await visit('invoice details', `#/payments/${id}`, () => expect(page.getByTestId('history-event').first()).toBeVisible());
  await page.keyboard.press('d');
  await expect(page.getByRole('dialog', { name: /Deny — final/ })).toBeVisible();
  found.push(...(await check(page, `${scheme} deny dialog`)));
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Action' }).click();
  await expect(page.getByRole('menu', { name: 'Actions' })).toBeVisible();
  found.push(...(await check(page, `${scheme} action menu`)));
  await page.keyboard.press('Escape');

  await visit('exports', '#/exports', () => expect(page.getByRole('heading', { name: 'Exports' })).toBeVisible());
  const batch = await app.core.store.read(({ sql }) => (sql.prepare(`SELECT min(id) AS id FROM export_batch`).get() as { id: number | null }).id);
  if (batch) await visit('export batch', `#/exports/${batch}`, () => expect(page.getByRole('heading', { name: `Batch ${batch}` })).toBeVisible());
  await page.getByRole('button', { name: 'Sign out' }).click();

  // An administrator: providers, a provider, children, a child, every Settings section.
  await app.signIn(page, 'admin');
  await visit('providers', '#/providers', () => expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible());
  await visit('provider', '#/providers/1', () => expect(page.getByRole('textbox', { name: 'Routing number', exact: true })).toBeVisible());
  await visit('children', '#/children', () => expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible());
  await visit('child', '#/children/1', () => expect(page.getByLabel('Birth date')).toBeVisible());
  for (const section of ['rates', 'calculation', 'reasons', 'periods', 'agency', 'users', 'audit', 'backups', 'connection']) {
    await visit(`settings ${section}`, `#/settings/${section}`, () => expect(page.locator('main')).toBeVisible());
  }
  await visit('year-end', '#/year-end', () => expect(page.getByTestId('year-end-summary')).toBeVisible());
  await page.getByRole('button', { name: 'Year-end settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Year-end settings' }).getByLabel('Form and box')).toBeVisible();
  found.push(...(await check(page, `${scheme} year-end settings dialog`)));
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // A provider's own user: their payments.
  await app.signIn(page, 'provider');
  await visit('provider user payments', '#/payments', () => expect(page.getByRole('heading', { name: 'Provider Payments' })).toBeVisible());
  await page.getByRole('button', { name: 'Sign out' }).click();
  return found;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical WCAG 2.1 AA violation on any screen (${scheme})`, async ({ page, app }) => {
    test.setTimeout(300_000);
    const world = await spreadStates(app.core);
    const found = await screensOf(page, app, scheme, world);
    expect(found, found.join('\n')).toEqual([]);
  });
}
