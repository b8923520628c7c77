import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportPreview } from '../../src/shared/api/contract/export';
import { ACH_ENTRY_MAX_CENTS, ITEM_MAX_CENTS } from '../../src/shared/domain/limits';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { readNacha } from '../unit/export-nacha-reader';
import { openExportWorld, type ExportWorld } from './export-world';
import { paydeskOn } from '../helpers/cli';

// Finding 1 of issue 11 and the limits of DESIGN.md section 5: an amount too large for its file
// is refused where it is entered, left out of the export (preview and run alike) with its reason,
// never committed; a batch above the agency's batch limit waits for a second Payor's release; and
// a batch whose files cannot be written never stops the repair of the others.

let w: ExportWorld;
const PAYOR = 1; // the agency, paying directly

const paydesk = (...args: string[]) => paydeskOn(w.file, ...args);

const preview = async (): Promise<ExportPreview> => (await w.as('payor')).call('export-preview', { periodId: w.periodId, payorId: PAYOR });

/** Creates an adjustment for the provider and authorizes it (as the approver, so "payor" may export it). */
async function authorizedAdjustment(providerId: number, amountCents: number): Promise<number> {
  const approver = await w.as('approver');
  const { id } = await approver.call('adjustments-create', { providerId, periodId: w.periodId, amountCents, reasonText: 'Limit test' });
  await approver.call('payments-act', { paymentId: id, action: 'authorize' });
  return id;
}

async function setLimit(key: 'export.entryLimitCents' | 'export.batchLimitCents' | 'export.checkLimitCents', value: number, effectiveFrom?: string) {
  await (await w.as('admin')).call('settings-save', { key, value, effectiveFrom });
}

let achProviders: number[];
let overProvider: number;
let atLimit: number[];

beforeAll(async () => {
  w = await openExportWorld({ leftOut: false });
  const p = await preview();
  achProviders = p.providers.filter((r) => r.method === 'ach').map((r) => r.providerId);
  expect(achProviders.length).toBeGreaterThan(13);
}, 120_000);
afterAll(() => w?.close());

describe('limits at entry (finding 1)', () => {
  it('refuses an adjustment of $999,999,999.99, naming the field and the limit, and changes nothing', async () => {
    const before = await snapshot(w.core);
    const approver = await w.as('approver');
    await expect(
      approver.call('adjustments-create', { providerId: achProviders[0], periodId: w.periodId, amountCents: 99_999_999_999, reasonText: 't' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'amountCents', message: expect.stringMatching(/\$99,999,999\.99/) });
    await expect(
      approver.call('adjustments-create', { providerId: achProviders[0], periodId: w.periodId, amountCents: -ITEM_MAX_CENTS - 1, reasonText: 't' }),
    ).rejects.toMatchObject({ field: 'amountCents' });
    expect(await snapshot(w.core)).toEqual(before);

    // The command line of the finding: a clear refusal, exit code 2 (a bad argument), nothing created
    // (its start-up housekeeping, run by the real clock, may auto-deny old corrections: not compared).
    const payments = async () => (await testSql(w).rows(`SELECT id, amount_cents FROM payment WHERE kind = 'adjustment' ORDER BY id`));
    const items = await payments();
    const cli = await paydesk('adjust', '--as', 'approver', '--provider', String(achProviders[0]), '--period', '2026-01', '--amount=99999999999', '--reason', 't');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/amountCents.*between -\$99,999,999\.99 and \$99,999,999\.99/);
    expect(await payments()).toEqual(items);
  });
});

describe('limits in the export (finding 1)', () => {
  it('leaves out a provider whose net is above one ACH entry, with its reason, in the preview', async () => {
    // Each adjustment fits an entry; together they do not.
    overProvider = achProviders[0];
    await authorizedAdjustment(overProvider, 6_000_000_000);
    await authorizedAdjustment(overProvider, 6_000_000_000);
    const p = await preview();
    const left = p.leftOut.find((l) => l.providerId === overProvider);
    expect(left).toMatchObject({ reason: 'over-entry-limit', message: expect.stringMatching(/above the most one ACH entry can carry \(\$99,999,999\.99\)/) });
    expect(p.providers.map((r) => r.providerId)).not.toContain(overProvider);
  });

  it('shows a preview of eleven providers at the entry limit (over a billion dollars) instead of failing', async () => {
    atLimit = achProviders.slice(1, 12);
    const p0 = await preview();
    for (const providerId of atLimit) {
      const net = p0.providers.find((r) => r.providerId === providerId)!.netCents;
      await authorizedAdjustment(providerId, ACH_ENTRY_MAX_CENTS - net);
    }
    const p = await preview();
    for (const providerId of atLimit) expect(p.providers.find((r) => r.providerId === providerId)!.netCents).toBe(ACH_ENTRY_MAX_CENTS);
    expect(p.totalCents).toBeGreaterThan(11 * ACH_ENTRY_MAX_CENTS);
    expect(p.totalCents).toBe(p.providers.reduce((s, r) => s + r.netCents, 0));
  });

  it("applies the agency's per-entry and check limits from their effective date", async () => {
    const today = '2026-02-03'; // the world's clock, in Chicago
    await setLimit('export.entryLimitCents', 100_000, '2026-02-04');
    expect((await preview()).leftOut.filter((l) => l.reason === 'over-entry-limit').map((l) => l.providerId)).toEqual([overProvider]);
    await setLimit('export.entryLimitCents', 100_000, today);
    const limited = await preview();
    const over = limited.leftOut.filter((l) => l.reason === 'over-entry-limit');
    expect(over.length).toBeGreaterThan(atLimit.length);
    expect(over.find((l) => l.providerId === atLimit[0])!.message).toMatch(/above the agency's per-entry limit \(\$1,000\.00\)/);
    for (const r of limited.providers) expect(r.netCents).toBeLessThanOrEqual(100_000);
    await setLimit('export.entryLimitCents', 0, today);

    const checks = (await preview()).providers.filter((r) => r.method === 'check');
    expect(checks.length).toBeGreaterThan(0);
    const smallest = Math.min(...checks.map((r) => r.netCents));
    await setLimit('export.checkLimitCents', smallest, today);
    const p = await preview();
    const leftChecks = p.leftOut.filter((l) => l.reason === 'over-entry-limit' && /check limit/.test(l.message));
    expect(leftChecks.length).toBe(checks.filter((r) => r.netCents > smallest).length);
    await setLimit('export.checkLimitCents', 99_999_999, today);
  });
});

describe("a batch above the agency's batch limit (release by a second Payor)", () => {
  it('refuses the run until a second Payor releases it; the release is its own audit event', async () => {
    await setLimit('export.batchLimitCents', 100_000_000, '2026-02-03'); // $1,000,000.00
    const p = await preview();
    expect(p.release).toEqual({ limitCents: 100_000_000, waiting: null });

    const before = await snapshot(w.core);
    const payor = await w.as('payor');
    await expect(payor.call('export-run', { periodId: w.periodId, payorId: PAYOR })).rejects.toMatchObject({
      code: 'REFUSED',
      rule: 'export.needs-release',
      message: expect.stringMatching(/above the agency's batch limit of \$1,000,000\.00: request a release/),
    });
    expect(await snapshot(w.core)).toEqual(before);

    const request = await payor.call('export-release-request', { periodId: w.periodId, payorId: PAYOR });
    expect(request).toMatchObject({ status: 'waiting', requestedBy: 'payor', itemCount: p.itemCount, totalCents: p.totalCents, limitCents: 100_000_000 });
    expect((await preview()).release!.waiting).toMatchObject({ id: request.id });
    const attention = await (await w.as('admin')).call('export-attention', {});
    expect(attention.releases.map((r) => r.id)).toEqual([request.id]);

    // Not the one who asked; not a user outside the Payor group.
    await expect(payor.call('export-release', { releaseId: request.id })).rejects.toMatchObject({ rule: 'export.release-second-payor' });
    await expect((await w.as('approver')).call('export-release', { releaseId: request.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The batch changed after the request (an item held): the release exports nothing.
    const someItem = p.providers.find((r) => r.method === 'check')!.paymentIds[0];
    await payor.call('payments-act', { paymentId: someItem, action: 'place-hold', reason: { code: 'OUTSIDE_REVIEW', comment: 'look again' } });
    const finance = await w.as('finance');
    const held = await snapshot(w.core);
    await expect(finance.call('export-release', { releaseId: request.id })).rejects.toMatchObject({ rule: 'export.release-changed' });
    expect(await snapshot(w.core)).toEqual(held);
    await payor.call('payments-act', { paymentId: someItem, action: 'release-hold' });

    const batch = await finance.call('export-release', { releaseId: request.id });
    expect(batch.batch).toMatchObject({ itemCount: p.itemCount, totalCents: p.totalCents, createdBy: 'payor', filesWrittenAt: expect.any(String), filesError: null });
    const events = (await testSql(w).rows(`SELECT action, username FROM audit_event WHERE entity = 'export_release' AND entity_id = ? ORDER BY id`, [request.id]));
    expect(events).toEqual([
      { action: 'request-release', username: 'payor' },
      { action: 'release-batch', username: 'finance' },
    ]);
    expect((await testSql(w).one(`SELECT released_by AS r FROM export_batch WHERE id = ?`, [batch.batch.id]))).toEqual({
      r: ((await testSql(w).one(`SELECT id FROM app_user WHERE username = 'finance'`)) as { id: number }).id,
    });
    await expect(finance.call('export-release', { releaseId: request.id })).rejects.toMatchObject({ rule: 'export.release-decided' });

    // What left in the file is what fits it: every ACH entry at most one entry's worth, the
    // provider above it still Authorized and not in the file.
    const ach = readNacha(fs.readFileSync(path.join(batch.batch.folder, `ach-${batch.batch.id}.txt`), 'utf8'));
    const amounts = ach.batches.flatMap((b) => b.entries.map((e) => e.amountCents));
    expect(Math.max(...amounts)).toBe(ACH_ENTRY_MAX_CENTS);
    expect(batch.providers.map((r) => r.providerId)).not.toContain(overProvider);
    const still = (await testSql(w).one(`SELECT count(*) AS n FROM payment WHERE provider_id = ? AND period_id = ? AND payment_status = 'Authorized'`, [overProvider, w.periodId])) as { n: number };
    expect(still.n).toBeGreaterThanOrEqual(3);
    await setLimit('export.batchLimitCents', 0, '2026-02-03');
  });
});

describe('repair carries on', () => {
  it('reports a batch whose files cannot be written (exit code 1, kept on the batch) and still repairs the others', async () => {
    const hand = await (await w.as('payor')).call('export-run', { periodId: w.periodId, payorId: 2 });
    const direct = (await testSql(w).one(`SELECT id, folder FROM export_batch WHERE payor_id = 1 ORDER BY id DESC LIMIT 1`)) as { id: number; folder: string };

    // The direct batch's folder is gone and a file stands in its place: nothing can be written there.
    fs.rmSync(direct.folder, { recursive: true });
    fs.writeFileSync(direct.folder, 'not a folder');
    const lost = path.join(hand.batch.folder, 'remittance', fs.readdirSync(path.join(hand.batch.folder, 'remittance'))[0]);
    fs.rmSync(lost);

    const r = await paydesk('export-repair', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { repaired: Array<{ batchId: number }>; failed: Array<{ batchId: number; error: string }> };
    expect(report.failed.map((f) => f.batchId)).toEqual([direct.id]);
    expect(report.repaired.map((x) => x.batchId)).toEqual([hand.batch.id]);
    expect(fs.existsSync(lost)).toBe(true);
    const text = await paydesk('export-repair');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`batch ${direct.id} \\(.*\\): its files could not be written`));

    // The app shows it (the Exports page's banner) until the files are written.
    const payor = await w.as('payor');
    expect((await payor.call('export-attention', {})).failedBatches).toMatchObject([{ batchId: direct.id, error: expect.any(String) }]);
    expect((await payor.call('export-batch-get', { batchId: direct.id })).batch.filesError).toEqual(expect.any(String));

    // Once the folder can be made again, the repair at start (or the command) writes the files.
    fs.rmSync(direct.folder);
    const fixed = await paydesk('export-repair', '--json');
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ failed: [] });
    expect(fs.existsSync(path.join(direct.folder, `ach-${direct.id}.txt`))).toBe(true);
    expect((await payor.call('export-attention', {})).failedBatches).toEqual([]);
  });
});
