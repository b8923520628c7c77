import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit/chain';
import { testSql } from '../helpers/sql';
import { openWorld, type World } from './workflow-fixture';

// The audit trail: append-only in the database itself (triggers, on both engines), and its check
// for Administrators. A tampered trail found by `paydesk verify-audit`: workflow-audit-file.test.ts
// (a SQLite file's copies) and workflow-audit.pg.test.ts (a PostgreSQL database, by a DBA's client).

let w: World;
afterEach(async () => w?.close());

describe('the audit trail', () => {
  it('refuses UPDATE and DELETE of an event in the database itself (triggers)', async () => {
    w = await openWorld();
    await w.create('payment', 'direct');
    const sql = testSql(w);
    const before = await sql.rows(`SELECT * FROM audit_event ORDER BY id`);
    expect(before.length).toBeGreaterThan(0);
    const appendOnly = (err: unknown) => sql.db.dialect.constraintOf(err) === 'append_only';
    await expect(sql.run(`UPDATE audit_event SET comment = 'rewritten' WHERE id = 1`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql.run(`UPDATE audit_event SET comment = 'rewritten' WHERE id = 1`)).rejects.toSatisfy(appendOnly);
    await expect(sql.run(`DELETE FROM audit_event WHERE id = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql.run(`DELETE FROM audit_event WHERE id = 1`)).rejects.toSatisfy(appendOnly);
    expect(await sql.rows(`SELECT * FROM audit_event ORDER BY id`)).toEqual(before);
    expect(await verifyChain(sql.db)).toMatchObject({ ok: true });
  });


  it('audit-verify is for Administrators', async () => {
    w = await openWorld();
    await expect(w.core.connect(w.users.approver).call('audit-verify', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await w.core.connect(w.users.admin).call('audit-verify', {})).toMatchObject({ ok: true });
  });
});
