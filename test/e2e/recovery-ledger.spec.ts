import { test, expect } from './fixtures';
import { loadSessionUserByName } from '../../src/main/core/users/users';
import { formatCents } from '../../src/shared/domain/money';

// The provider's ledger screen (docs/recovery.md) on the demo database: an Approver creates a
// recovery as large as a provider's net on a 25% plan for a provider the agency pays, a second Approver authorizes
// it, the Payor exports the newest period; the ledger then shows the payment, the 25% taken and
// the balance. It is reached from the provider's page; the Payor waives the rest by keyboard.

test('ledger: paid, recovered and balance owed after an export; waive the rest with a reason', async ({ page, app }) => {
  const as = async (name: string) => app.core.connect((await app.core.store.read(({ db }) => loadSessionUserByName(db, name)))!);
  const [approver, approver2, payor] = [await as('approver'), await as('approver2'), await as('payor')];
  // A provider the agency pays, with authorized items waiting in the newest period and a positive net.
  const row = await app.core.store.read(({ db }) =>
    db.one<{ providerId: number; periodId: number; payorId: number; net: number }>(
      `SELECT p.provider_id AS "providerId", p.period_id AS "periodId", p.payor_id AS "payorId", sum(p.amount_cents) AS net
       FROM payment p JOIN provider v ON v.id = p.provider_id JOIN payor y ON y.id = p.payor_id
       WHERE y.kind = 'direct' AND v.bank_change_pending = 0 AND p.invoice_status = 'Pending Payment'
         AND p.sub_status = 'Awaiting Action' AND p.export_batch_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM payment h WHERE h.provider_id = p.provider_id AND h.period_id = p.period_id AND h.sub_status = 'Administrative Hold')
       GROUP BY p.provider_id, p.period_id, p.payor_id HAVING sum(p.amount_cents) > 20000 ORDER BY p.period_id DESC, p.provider_id LIMIT 1`,
    ),
  );
  expect(row).toBeTruthy();
  const { providerId, periodId, payorId } = row!;
  const net = Number(row!.net);
  // As much as the provider's net: 25% of it is taken now, the rest stays owed.
  const owed = net;
  const recovery = await approver.call('recovery-create', {
    providerId, amountCents: -owed, reasonCode: 'DUPLICATE_BILLING', serviceFrom: '2026-09-01', serviceTo: '2026-09-30', plan: { kind: 'percent', percent: 25 },
  });
  await approver2.call('payments-act', { paymentId: recovery.recoveryId, action: 'authorize' });
  const before = await approver.call('provider-ledger', { providerId });
  const batch = await payor.call('export-run', { periodId, payorId });
  const taken = Math.floor((net * 25) / 100);
  expect(batch.providers.find((p) => p.providerId === providerId)!.netCents).toBe(net - taken);

  await app.signIn(page, 'payor');
  await page.goto(`${app.url}#/providers/${providerId}`);
  await page.getByRole('button', { name: 'Ledger' }).click();
  await expect(page).toHaveURL(new RegExp(`#/providers/${providerId}/ledger$`));
  await expect(page.getByTestId('ledger-recovered')).toHaveText(formatCents(before.totals.recoveredCents + taken));
  const balance = owed - taken;
  await expect(page.getByTestId('ledger-balance')).toHaveText(formatCents(balance));
  const grid = page.getByRole('grid', { name: 'Ledger lines' });
  await expect(grid.getByRole('row').filter({ hasText: `Recovery ${recovery.recoveryId}: DUPLICATE_BILLING` })).toHaveCount(1);
  await expect(grid.getByRole('row').filter({ hasText: `to recovery ${recovery.recoveryId}` })).toHaveCount(1);
  const card = page.getByTestId(`recovery-${recovery.recoveryId}`);
  await expect(card).toContainText('open');
  await expect(card).toContainText('At most 25% of each later payment until repaid');
  await app.shot(page, 'recovery-ledger');

  // Waive the rest by keyboard: focus the button, Enter, type the reason, Tab to Waive, Enter.
  await card.getByRole('button', { name: 'Waive the rest' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('waive-reason').fill('Provider closed; hardship');
  await page.getByRole('button', { name: /^Waive \$/ }).focus();
  await page.keyboard.press('Enter');
  await expect(card).toContainText('waived');
  await expect(page.getByTestId('ledger-balance')).toHaveText(formatCents(before.totals.balanceOwedCents - owed));
  await expect(page.getByTestId('ledger-waived')).toHaveText(formatCents(before.totals.waivedCents + balance));
  await app.shot(page, 'recovery-ledger-waived');
});
