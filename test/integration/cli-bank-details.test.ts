import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/core/core';
import { firstAchProvider, formOf, openRefWorld, routing, type RefWorld } from './reference-fixture';
import { paydeskOn } from '../helpers/cli';
import { testSql } from '../helpers/sql';

// paydesk confirm-bank-details: the second user sees the new numbers in full (an audit event of
// the viewing) and confirms only by typing them back; a mistyped number confirms nothing.

let t: RefWorld;
let providerId: number;
const NEW_ROUTING = routing('04400004');
const NEW_ACCOUNT = '5550001234';

const paydesk = (...args: string[]) => paydeskOn(t.file, ...args);

const pending = async () => ((await testSql(t).one(`SELECT bank_change_pending AS p FROM provider WHERE id = ?`, [providerId])) as { p: number }).p;
const events = async (action: string) => (await testSql(t).value(`SELECT count(*) AS n FROM audit_event WHERE entity = 'provider' AND entity_id = ? AND action = ?`, [providerId, action])) as number;

beforeAll(async () => {
  t = await openRefWorld();
  providerId = (await firstAchProvider(t));
  const p = await t.admin.call('providers-get', { providerId });
  await t.admin.call('providers-save', { ...formOf(p), routingNumber: NEW_ROUTING, accountNumber: NEW_ACCOUNT });
  // The CLI opens the file itself: the test's core lets go of it.
  await t.core.close();
});
afterAll(async () => {
  await t.close().catch(() => {});
});

describe('paydesk confirm-bank-details', () => {
  it('shows the new numbers in full to the second user, records the viewing, and confirms nothing yet', async () => {
    const r = await paydesk('confirm-bank-details', '--provider', String(providerId), '--as', 'approver');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(NEW_ROUTING);
    expect(r.stdout).toContain(NEW_ACCOUNT);
    expect(r.stdout).toMatch(/confirm by typing them back/);
  });

  it('refuses numbers typed back wrong, or only one of them, and confirms nothing', async () => {
    const wrong = await paydesk('confirm-bank-details', '--provider', String(providerId), '--routing', NEW_ROUTING, '--account', '5550001235', '--as', 'approver');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/account number you typed differ.*nothing was confirmed/);
    const half = await paydesk('confirm-bank-details', '--provider', String(providerId), '--routing', NEW_ROUTING, '--as', 'approver');
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/give both --routing and --account/);
  });

  it('confirms the numbers typed back right, after the viewing, and releases the holds', async () => {
    const r = await paydesk('confirm-bank-details', '--provider', String(providerId), '--routing', NEW_ROUTING, '--account', NEW_ACCOUNT, '--as', 'approver');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bank details confirmed; \d+ item\(s\) released from hold/);
    t = { ...t, core: await Core.start({ databaseFile: t.file, dataDir: t.dir, skipStartupTasks: true, log: () => {} }) };
    expect(await pending()).toBe(0);
    expect(await events('view-bank-details')).toBeGreaterThanOrEqual(2);
    expect(await events('confirm-bank-details')).toBe(1);
  });
});
