import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { connectAs, openPeriod, spreadStates } from './payments-world';
import { ACTION_LABELS, type ActionName } from '../../src/shared/workflow/actions';

// The Action drop-down of Invoice Details, against the real core: what it lists, what an action
// does to the tabs, the reason dialog, and the engine's refusal.

async function menuEntries(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Action' }).click();
  const items = await page.getByRole('menu', { name: 'Actions' }).getByRole('menuitem').allInnerTexts();
  await page.keyboard.press('Escape');
  return items.map((t) => t.replace(/…$/, '').trim());
}

const labels = (actions: ActionName[]) => actions.map((a) => ACTION_LABELS[a]);

test('Authorize from the drop-down moves an item from Submitted to Authorized and the counts change', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const id = world.ids.submittedCalculated.find((i) => i) as number;
  const paperId = world.ids.paperReceived[0];
  await app.signIn(page, 'approver');
  await openPeriod(page, world);
  const count = async (tab: string) => Number(await page.getByTestId(`tab-count-${tab}`).innerText());
  await expect(page.getByTestId('tab-count-Submitted')).not.toHaveText('…');
  const before = { submitted: await count('Submitted'), authorized: await count('Authorized') };

  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Authorize' }).click();
  await expect(page.getByTestId('notifier')).toContainText(`Authorize: Payment ${id} is now Pending Payment / Awaiting Action`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Authorized');
  await expect(page.getByTestId('detail-invoice-status')).toHaveText('Pending Payment');
  await expect(page.getByTestId('history-event').first()).toContainText('Authorize');
  await expect(page.getByTestId('history-event').first()).toContainText('approver (Approver)');

  // A digitally submitted item stays in Submitted (its submission status is Submitted) and also
  // shows in Authorized; a paper-received one leaves Submitted when authorized (seed 000).
  await page.getByRole('button', { name: 'Back to Provider Payments' }).click();
  await page.getByTestId('tab-Authorized').click();
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText(String(before.authorized + 1));
  await expect(page.getByTestId('tab-count-Submitted')).toHaveText(String(before.submitted));
  await expect(page.getByRole('grid').locator(`[role="row"][data-id="${id}"]`)).toBeVisible();

  const calc = await connectAs(app.core, 'approver2');
  await calc.call('payments-act', { paymentId: paperId, action: 'calculate' });
  await page.goto(`${app.url}#/payments/${paperId}`);
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Authorize' }).click();
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Authorized');
  await page.getByRole('button', { name: 'Back to Provider Payments' }).click();
  await expect(page.getByTestId('tab-count-Authorized')).toHaveText(String(before.authorized + 2));
  await expect(page.getByTestId('tab-count-Submitted')).toHaveText(String(before.submitted - 1));
  await page.getByTestId('tab-Submitted').click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-label', 'Payments — Submitted');
  await expect(page.getByRole('grid').locator(`[role="row"][data-id="${id}"]`)).toBeVisible();
  await expect(page.getByRole('grid').locator(`[role="row"][data-id="${paperId}"]`)).toHaveCount(0);
});

test('Hold asks for a reason, records it with the comment, and shows who placed it', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const id = world.ids.submitted[0];
  const reasons = await (await connectAs(app.core, 'approver')).call('payments-reasons', { action: 'place-hold' });
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: /Place on administrative hold/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Place on administrative hold' });
  await expect(dialog).toBeVisible();
  // The confirm button waits for a reason: the table requires one.
  await expect(dialog.getByRole('button', { name: 'Place on administrative hold' })).toBeDisabled();
  await dialog.getByRole('combobox', { name: 'Reason' }).click();
  const options = await page.getByRole('option').allInnerTexts();
  expect(options).toEqual(reasons.map((r) => r.label));
  await page.getByRole('option', { name: reasons[1].label }).click();
  await dialog.getByRole('textbox', { name: 'Comment' }).fill('Waiting for the licensing office');
  await dialog.getByRole('button', { name: 'Place on administrative hold' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('detail-payment-status')).toHaveText('Hold');
  await expect(page.getByTestId('detail-sub-status')).toHaveText('Administrative Hold');
  await expect(page.getByTestId('hold-info')).toContainText('Placed by approver');
  await expect(page.getByTestId('hold-info')).toContainText(reasons[1].label);
  await expect(page.getByTestId('hold-info')).toContainText('Waiting for the licensing office');
  const last = page.getByTestId('history-event').first();
  await expect(last).toContainText('Place on administrative hold');
  await expect(last).toContainText(`Reason: ${reasons[1].label}`);
  await expect(last).toContainText('Waiting for the licensing office');
  const event = app.core.store.sql
    .prepare(`SELECT reason_code AS code, comment FROM audit_event WHERE entity = 'payment' AND entity_id = ? ORDER BY id DESC LIMIT 1`)
    .get(id) as { code: string; comment: string };
  expect(event).toEqual({ code: reasons[1].code, comment: 'Waiting for the licensing office' });

  // On hold, the drop-down offers only Release hold.
  expect(await menuEntries(page)).toEqual(['Release hold']);
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Release hold' }).click();
  await expect(page.getByTestId('hold-info')).toContainText('Released by approver');
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
});

test('a refused action shows the engine’s message', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const id = world.ids.submittedCalculated[0];
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  expect(await menuEntries(page)).toContain('Authorize');
  const seen = app.core.store.sql.prepare(`SELECT version FROM payment WHERE id = ?`).get(id) as { version: number };

  // Meanwhile a second approver puts the item on hold; this screen still offers Authorize.
  const other = await connectAs(app.core, 'approver2');
  const reason = (await other.call('payments-reasons', { action: 'place-hold' }))[0].code;
  await other.call('payments-act', { paymentId: id, action: 'place-hold', reason: { code: reason } });
  const held = app.core.store.sql.prepare(`SELECT * FROM payment WHERE id = ?`).get(id);
  // What the engine says to exactly this request (it changes nothing).
  const engine = await (await connectAs(app.core, 'approver'))
    .call('payments-act', { paymentId: id, action: 'authorize', expectedVersion: seen.version })
    .then(() => 'accepted', (e: Error) => e.message);
  expect(engine).toContain(`Payment ${id}`);

  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Authorize' }).click();
  await expect(page.getByTestId('action-refusal')).toHaveText(engine);
  await expect(page.getByTestId('notifier')).toContainText(engine);
  await app.shot(page, 'invoice-details-refused');
  // Nothing changed, and the screen now shows the item as it is: on hold, only Release hold.
  expect(app.core.store.sql.prepare(`SELECT * FROM payment WHERE id = ?`).get(id)).toEqual(held);
  await expect(page.getByTestId('detail-sub-status')).toHaveText('Administrative Hold');
  expect(await menuEntries(page)).toEqual(['Release hold']);

});

test('an Approver and a Payor see different drop-down entries on the same item', async ({ page, app }) => {
  test.setTimeout(120_000); // four sign-ins and the states spread on the demo
  const world = await spreadStates(app.core);
  const id = world.ids.authorizedDigital[0];
  const allowed = async (username: string) => (await connectAs(app.core, username)).call('payments-allowed-actions', { paymentId: id });

  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Authorized');
  // In Pending Payment the Approver has nothing to do: the drop-down is empty and disabled.
  expect(await allowed('approver')).toEqual([]);
  await expect(page.getByRole('button', { name: 'Action' })).toBeDisabled();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await app.signIn(page, 'payor');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Authorized');
  const payor = await menuEntries(page);
  expect(payor).toEqual(labels(await allowed('payor')));
  expect(payor).toEqual(['Start review', 'Place on administrative hold', 'Request corrections', 'Return to approval', 'Deny']);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // On an item still in Pending Approval it is the other way round.
  const pending = world.ids.submittedCalculated[1];
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${pending}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  const approver = await menuEntries(page);
  expect(approver).toEqual(labels(await (await connectAs(app.core, 'approver')).call('payments-allowed-actions', { paymentId: pending })));
  expect(approver).toEqual(['Edit attendance', 'Calculate', 'Start review', 'Place on administrative hold', 'Authorize', 'Request corrections', 'Deny']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await app.signIn(page, 'payor');
  await page.goto(`${app.url}#/payments/${pending}`);
  await expect(page.getByTestId('detail-payment-status')).toHaveText('Received');
  await expect(page.getByRole('button', { name: 'Action' })).toBeDisabled();
  // The attendance grid is read-only for the Payor.
  await expect(page.getByRole('table', { name: 'Attendance' }).locator('input')).toHaveCount(0);
});

test('Edit attendance: the grid is editable for the Approver and saving records the change', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const id = world.ids.submittedCalculated[0];
  const cell = app.core.store.sql
    .prepare(`SELECT a.child_id AS childId, a.date, a.hours, c.last_name || ', ' || c.first_name AS name FROM attendance a JOIN child c ON c.id = a.child_id
      WHERE a.payment_id = ? AND a.hours IS NOT NULL ORDER BY a.child_id, a.date LIMIT 1`)
    .get(id) as { childId: number; date: string; hours: number; name: string };
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-amount')).not.toContainText('Not calculated');
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Edit attendance' }).click();
  const input = page.getByRole('textbox', { name: `${cell.name} ${cell.date}` });
  await input.fill('5.5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('notifier')).toContainText('Edit attendance');
  await expect(page.getByTestId('detail-amount')).toContainText('Not calculated');
  const row = app.core.store.sql.prepare(`SELECT hours FROM attendance WHERE payment_id = ? AND child_id = ? AND date = ?`).get(id, cell.childId, cell.date);
  expect(row).toEqual({ hours: 5.5 });
  await expect(page.getByTestId('history-event').first()).toContainText('Edit attendance');
});

test('Calculate says the amount it came to, and the history shows the amount it set', async ({ page, app }) => {
  const world = await spreadStates(app.core);
  const id = world.ids.paperReceived[1];
  await app.signIn(page, 'approver');
  await page.goto(`${app.url}#/payments/${id}`);
  await expect(page.getByTestId('detail-amount')).toContainText('Not calculated');
  await page.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Calculate' }).click();
  const cents = () => (app.core.store.sql.prepare(`SELECT amount_cents AS a FROM payment WHERE id = ?`).get(id) as { a: number | null }).a;
  await expect.poll(cents).not.toBeNull();
  const amount = `$${(cents()! / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
  await expect(page.getByTestId('notifier')).toContainText(`Calculated: Payment ${id} comes to ${amount}. Next: Authorize.`);
  const event = page.getByTestId('history-event').first();
  await expect(event).toContainText('Calculate');
  await expect(event.getByTestId('history-amount')).toHaveText(`Amount: ${amount}`);
  await app.shot(page, 'calculate-amount-message');
});
