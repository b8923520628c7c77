import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { pdfPagesText } from '../unit/export-pdf-text';
import { openRecoveryWorld, type RecoveryWorld } from './recovery-fixture';

// `paydesk recovery` and `paydesk ledger` in-process on the recovery world's database: the same
// handlers as the app. Provider 1 owes $300.00, whole from the next payments; March pays $200.00
// (all taken, balance $100.00), April $250.00 ($100.00 taken, net $150.00, repaid).

let w: RecoveryWorld;
beforeAll(async () => {
  w = await openRecoveryWorld();
});
afterAll(async () => w?.close());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--db', w.file], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('paydesk recovery / ledger', () => {
  it('creates a recovery as an Approver, refuses bad options, and shows the ledger at each step (text and --json)', async () => {
    let r = await cli('recovery', '--as', 'approver', '--provider', '1', '--owed', '300.00', '--reason', 'OVERPAID', '--from', '2026-01-05', '--to', '2026-01-09', '--plan', 'whole');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Recovery 1 (provider 1): $300.00 for OVERPAID, service 2026-01-05 – 2026-01-09');
    expect(r.stdout).toContain('Plan: Taken whole from your next payments until repaid. State: waiting for authorization.');
    r = await cli('recovery', '--as', 'approver', '--provider', '1', '--owed', '300.00', '--reason', 'OVERPAID', '--from', '2026-01-05', '--to', '2026-01-09', '--plan', 'monthly');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--plan must be whole or a percent such as 25');
    r = await cli('recovery', '--as', 'approver', '--provider', '1', '--owed', '-3', '--reason', 'OVERPAID', '--from', '2026-01-05', '--to', '2026-01-09', '--plan', 'whole');
    expect(r.code).toBe(2);
    expect(await w.sql.value(`SELECT count(*) FROM recovery`)).toBe(1);

    await w.approver2.call('payments-act', { paymentId: 1, action: 'authorize' });
    w.setNow('2026-04-03T15:00:00.000Z');
    await w.pay(1, 3, 20000);
    await w.exportMonth(3);
    r = await cli('ledger', '--as', 'payor', '--provider', '1');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Ledger of provider 1, Sunny Days Center 1 (license LIC-100)');
    expect(r.stdout).toContain('Paid $200.00 · recovered $200.00 · net paid $0.00 · owed $300.00 · waived $0.00 · balance owed $100.00');

    w.setNow('2026-05-04T15:00:00.000Z');
    await w.pay(1, 4, 25000);
    await w.exportMonth(4);
    r = await cli('ledger', '--as', 'payor', '--provider', '1', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { totals: Record<string, number>; lines: Array<{ kind: string; paidCents: number; recoveredCents: number; balanceOwedCents: number; eventIds: number[] }> };
    expect(json.totals).toEqual({ paidCents: 45000, recoveredCents: 30000, netPaidCents: 15000, owedCents: 30000, waivedCents: 0, balanceOwedCents: 0 });
    expect(json.lines.map((l) => [l.kind, l.paidCents, l.recoveredCents, l.balanceOwedCents])).toEqual([
      ['recovery', 0, 0, 30000],
      ['paid', 20000, 20000, 10000],
      ['paid', 25000, 10000, 0],
    ]);
    // Each line names its audit events, and they are the trail's.
    for (const l of json.lines) {
      for (const id of l.eventIds) expect(await w.sql.value(`SELECT count(*) FROM audit_event WHERE id = ?`, [id])).toBe(1);
    }
    r = await cli('ledger', '--as', 'payor', '--provider', '99');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('There is no provider 99.');
  });

  it('writes the notice PDF on demand, and waives as a second user only', async () => {
    const out = path.join(w.dir, 'notice.pdf');
    let r = await cli('recovery', '--as', 'payor', '--notice', '1', '--out', out);
    expect(r.code).toBe(0);
    const text = await pdfPagesText(out);
    expect(text[0]).toContain('NOTICE OF OVERPAYMENT');
    expect(text[0]).toContain('Notice date 2026-04-03');
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    const id = (await w.approver.call('recovery-create', { providerId: 2, amountCents: -5000, reasonCode: 'OVERPAID', serviceFrom: '2026-01-05', serviceTo: '2026-01-09', plan: { kind: 'whole' } })).recoveryId;
    await w.approver2.call('payments-act', { paymentId: id, action: 'authorize' });
    r = await cli('recovery', '--as', 'approver', '--waive', String(id), '--why', 'Hardship');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('was created by you');
    r = await cli('recovery', '--as', 'payor', '--waive', String(id), '--why', 'Hardship');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Waived $50.00.');
  });
});
