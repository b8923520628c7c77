import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openPeriod, openTab, spreadStates } from './payments-world';
import { TABS } from '../../src/shared/workflow/tabs';

// The grid's layout at the two window sizes it must be clean at: the columns a finance user
// decides with are all on screen (no horizontal scrolling), every header is whole, amounts are
// right-aligned; the other columns are one click away in the columns menu.

const DECIDING = ['ID', 'Provider', 'License', 'Kind', 'Submission', 'Payment', 'Invoice status', 'Sub-status', 'Amount', 'Received', 'Payor'];
const REFERENCE = ['Provider type', 'Last change'];
/** At 1280 px the license and payor take the room of Submission and Received (shown in Submitted, where Kind gives way). */
const NARROW: Record<string, string[]> = {
  Submitted: DECIDING.filter((h) => h !== 'Kind' && h !== 'Submission'),
  Paid: ['ID', 'Batch', ...DECIDING.slice(1).filter((h) => h !== 'Received' && h !== 'Submission')],
};
const narrow = (tab: string) => NARROW[tab] ?? DECIDING.filter((h) => h !== 'Received' && h !== 'Submission');

/**
 * The grid's header names, in order, and what is cut: headers (title cut, or off the grid's right
 * edge) and cells of the rows shown whose text or status word is cut (a long provider name may
 * end in "…": it is the column that takes the rest of the row).
 */
async function layout(page: Page) {
  await expect(page.locator('[data-state]:has([role="grid"])')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByRole('grid').locator('[role="row"][data-id]').first()).toBeVisible();
  return page.getByRole('grid').evaluate((grid) => {
    const right = grid.getBoundingClientRect().right;
    const headers = [...grid.querySelectorAll('[role="columnheader"]')].filter((h) => h.getAttribute('data-field') !== '__check__');
    const isCut = (e: { scrollWidth: number; clientWidth: number } | null) => !e || e.scrollWidth > e.clientWidth;
    const cells = [...grid.querySelectorAll('[role="gridcell"]')].filter((c) => !['__check__', 'providerName'].includes(c.getAttribute('data-field') ?? ''));
    return {
      // The grid draws its own horizontal scrollbar, only when the columns are wider than it.
      horizontalScroll: grid.querySelector('.MuiDataGrid-scrollbar--horizontal') !== null,
      headers: headers.map((h) => h.querySelector('.MuiDataGrid-columnHeaderTitle')?.textContent ?? ''),
      cutHeaders: headers
        .filter((h) => isCut(h.querySelector('.MuiDataGrid-columnHeaderTitle')) || h.getBoundingClientRect().right > right + 0.5)
        .map((h) => h.getAttribute('data-field')),
      cutCells: cells
        .filter((c) => isCut(c) || (c.querySelector('.pd-chip') !== null && isCut(c.querySelector('.pd-chip'))))
        .map((c) => `${c.getAttribute('data-field')}: ${c.textContent}`),
    };
  });
}

test('at 1280x800 the deciding columns are on screen, headers whole, amounts right-aligned', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  await app.signIn(page, 'finance');
  await openPeriod(page, world);

  // Every tab: the deciding columns (and the batch in Paid), nothing cut, no scrolling.
  for (const tab of TABS) {
    await openTab(page, tab);
    const shown = await layout(page);
    expect(shown.headers, tab).toEqual(narrow(tab));
    expect(shown, tab).toMatchObject({ cutHeaders: [], cutCells: [], horizontalScroll: false });
  }

  // The longest status words fit their columns (Hold and Denied items, found with the filter).
  await page.getByTestId('tab-All').click();
  await page.getByRole('combobox', { name: 'Payment status' }).click();
  await page.getByRole('option', { name: 'Hold' }).click();
  await page.getByRole('option', { name: 'Denied' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('grid').locator('.pd-chip[data-status="Corrections Required"]')).toBeVisible();
  await expect(page.getByRole('grid').locator('.pd-chip[data-status="Administrative Hold"]')).toBeVisible();
  expect((await layout(page)).cutCells).toEqual([]);
  await page.getByRole('button', { name: 'Clear' }).click();

  // A short header names its column in full in its tooltip.
  await page.getByRole('columnheader', { name: 'Sub-status' }).locator('.MuiDataGrid-columnHeaderTitle').hover();
  await expect(page.getByRole('tooltip')).toContainText('Sub-status: the step within the invoice status');

  // Amounts are right-aligned: the text ends at the cell's right edge, like the header's.
  const amountCell = page.getByRole('grid').locator('[role="gridcell"][data-field="amountCents"]').filter({ hasText: '$' }).first();
  const alignment = await amountCell.evaluate((cell) => {
    const range = cell.ownerDocument.createRange();
    range.selectNodeContents(cell);
    const text = range.getBoundingClientRect();
    const box = cell.getBoundingClientRect();
    return { gapRight: box.right - text.right, gapLeft: text.left - box.left };
  });
  expect(alignment.gapRight).toBeLessThan(10);
  expect(alignment.gapLeft).toBeGreaterThan(alignment.gapRight);

  // The columns menu shows a hidden column, and the choice is kept.
  await page.getByRole('columnheader', { name: 'Provider' }).hover();
  await page.getByRole('button', { name: 'Provider column menu' }).click();
  await page.getByRole('menuitem', { name: 'Manage columns' }).click();
  await page.getByRole('checkbox', { name: 'Provider type' }).check();
  await page.getByRole('checkbox', { name: 'Payor' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('columnheader', { name: 'Provider type' })).toBeVisible();
  await page.reload();
  expect((await layout(page)).headers).toEqual(['ID', 'Provider', 'License', 'Provider type', ...narrow('All').slice(3).filter((h) => h !== 'Payor')]);
});

test('at 1920x1080 the reference columns show too, still without scrolling', async ({ page, app }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const world = await spreadStates(app.core);
  await app.signIn(page, 'finance');
  await openPeriod(page, world);
  for (const tab of TABS) {
    await openTab(page, tab);
    const shown = await layout(page);
    expect([...shown.headers].sort(), tab).toEqual([...DECIDING, ...REFERENCE, ...(tab === 'Paid' ? ['Batch'] : [])].sort());
    expect(shown, tab).toMatchObject({ cutHeaders: [], cutCells: [], horizontalScroll: false });
  }
});

test('below 1440 px the navigation shows its icons, named in tooltips; the menu button shows the labels', async ({ page, app }) => {
  await app.signIn(page, 'finance');
  const nav = page.getByRole('navigation', { name: 'Billing' });
  await expect(nav.getByText('Exports')).toHaveCount(0);
  await nav.getByRole('button', { name: 'Exports' }).hover();
  await expect(page.getByRole('tooltip')).toHaveText('Exports');
  await page.getByRole('button', { name: 'Show menu labels' }).click();
  await expect(nav.getByText('Exports')).toBeVisible();
  // The choice is kept; a wide window shows the labels by itself.
  await page.reload();
  await expect(nav.getByText('Exports')).toBeVisible();
  await page.getByRole('button', { name: 'Hide menu labels' }).click();
  await expect(nav.getByText('Exports')).toHaveCount(0);
  await page.evaluate(() => localStorage.removeItem('paydesk.navLabels'));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.reload();
  await expect(nav.getByText('Exports')).toBeVisible();
});
