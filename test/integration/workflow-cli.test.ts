import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { openWorld, actorOfUser, WORLD, PERIOD_START, type World } from './workflow-fixture';

// The workflow commands of the CLI, in-process over the same core (verify-audit also runs as a
// real child process in workflow-audit.test.ts).

let w: World;
afterEach(async () => w?.close());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, done) { append(String(chunk)); done(); } });
  const code = await runCli(argv, { stdout: sink((s) => (out += s)) as never, stderr: sink((s) => (err += s)) as never });
  return { code, out, err };
}

describe('paydesk workflow commands', () => {
  it('housekeeping auto-denies overdue corrections and reports it', async () => {
    // Corrections requested long ago (the CLI runs on the real clock).
    w = await openWorld({ now: () => new Date('2020-01-01T00:00:00Z') });
    const id = await w.create('payment', 'direct');
    await w.apply({ paymentId: id, action: 'request-corrections', actor: actorOfUser(w.users.approver, 'Approver'), reason: { code: 'SIGNATURE_MISSING' } });
    await w.core.close();
    const run = await cli('housekeeping', '--db', w.file, '--json');
    expect(run.code, run.out).toBe(0);
    const results = JSON.parse(run.out) as Array<{ task: string }>;
    expect(results.map((r) => r.task)).toEqual(['integrity-check', 'auto-deny', 'export-repair', 'backup']);
    const autoDeny = results.find((r) => r.task === 'auto-deny');
    expect(autoDeny).toMatchObject({ task: 'auto-deny', ok: true, result: { autoDenyDays: 30, denied: [{ paymentId: id }] } });
    // A file gets its daily backup; a PostgreSQL database is its server's to back up (README "PostgreSQL").
    const backup = results.find((r) => r.task === 'backup');
    if (w.engine === 'postgres') expect(backup).toMatchObject({ ok: true, result: { made: null, byServer: expect.stringContaining('pg_dump') } });
    else expect(backup).toMatchObject({ ok: true, result: { made: expect.stringMatching(/\.sqlite$/) } });

    const history = await cli('history', '--db', w.file, '--payment', String(id));
    expect(history.out).toMatch(/system \(System\)\s+Auto-deny\s+Corrections Required \/ Awaiting Action -> Invoice History \/ Denied\s+CORRECTIONS_OVERDUE/);
  });

  it('act, allowed and history as named users, with refusals as messages and exit code 1', async () => {
    w = await openWorld();
    const id = await w.create('payment', 'direct');
    await w.apply({ paymentId: id, action: 'record-paper-attendance', actor: actorOfUser(w.users.approver, 'Approver'), attendance: { rows: [{ childId: WORLD.direct.childId, date: PERIOD_START, hours: 6, absenceCode: null }], source: 'paper' } });
    await w.core.close();
    const db = ['--db', w.file];

    const allowed = await cli('allowed', ...db, '--as', 'approver', '--payment', String(id), '--json');
    expect(JSON.parse(allowed.out)).toEqual(['edit-attendance', 'calculate', 'start-review', 'place-hold', 'request-corrections', 'deny']);
    expect((await cli('allowed', ...db, '--as', 'payor', '--payment', String(id))).out.trim()).toBe('(no action)');

    const hold = await cli('act', ...db, '--as', 'approver', '--payment', String(id), '--action', 'place-hold', '--reason', 'LICENSE_CHECK', '--comment', 'license renewal pending');
    expect(hold.code).toBe(0);
    expect(hold.out).toMatch(/Place on administrative hold: payment \d+ is now Pending Approval \/ Administrative Hold, payment status Hold/);

    const refused = await cli('act', ...db, '--as', 'approver', '--payment', String(id), '--action', 'authorize', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out).error).toMatchObject({ code: 'REFUSED', rule: 'item.on-hold' });
    expect(refused.err).toMatch(/on Administrative Hold, which stops movement: release the hold first/);

    expect((await cli('act', ...db, '--as', 'approver', '--payment', String(id), '--action', 'fly')).code).toBe(2);
    expect((await cli('act', ...db, '--as', 'nobody', '--payment', String(id), '--action', 'deny')).code).toBe(1);
    const provider2 = await cli('history', ...db, '--as', 'provider2', '--payment', String(id));
    expect(provider2.err).toMatch(/There is no payment/);

    const history = JSON.parse((await cli('history', ...db, '--payment', String(id), '--json')).out);
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'record-paper-attendance', 'place-hold']);
    expect(history[2]).toMatchObject({ username: 'approver', reasonCode: 'LICENSE_CHECK', reasonLabel: 'License status being checked', comment: 'license renewal pending' });
  });

  it('user add | list | set-groups, with the password from the environment', async () => {
    w = await openWorld();
    await w.core.close();
    const db = ['--db', w.file];
    expect((await cli('user', 'add', ...db, '--username', 'casey', '--groups', 'Approver')).code).toBe(2); // no password
    process.env.PAYDESK_PASSWORD = 'from the environment';
    try {
      const added = await cli('user', 'add', ...db, '--username', 'casey', '--display-name', 'Casey Case', '--groups', 'Provider', '--provider', '2', '--json');
      expect(JSON.parse(added.out)).toMatchObject({ username: 'casey', groups: ['Provider'], providerId: 2 });
      expect(added.out).not.toContain('from the environment');
    } finally {
      delete process.env.PAYDESK_PASSWORD;
    }
    const moved = await cli('user', 'set-groups', ...db, '--username', 'casey', '--groups', 'Approver,Payor');
    expect(moved.out).toMatch(/casey is now in Approver, Payor\./);
    const list = JSON.parse((await cli('user', 'list', ...db, '--json')).out);
    expect(list.find((u: { username: string }) => u.username === 'casey')).toMatchObject({ groups: ['Approver', 'Payor'], providerId: null });
    expect((await cli('users', ...db)).out).toMatch(/casey\s+Casey Case\s+Approver, Payor/);
    expect((await cli('user', 'set-groups', ...db, '--username', 'casey', '--groups', 'Wizard')).code).toBe(2);
  });
});
