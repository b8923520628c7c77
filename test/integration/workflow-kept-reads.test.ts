import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { Store } from '../../src/main/core/db/store';
import type { Tx } from '../../src/main/core/db/engine/port';
import { authorizationSpans, calculatedDays, readAuthorizationSpans, readStoredDays, writeAttendance } from '../../src/main/core/workflow/attendance';
import { Lookup, readForImports, type ProviderRef } from '../../src/main/core/intake/lookup';
import { isFirstPayment, readFirstPayments } from '../../src/main/core/qa/draw';
import { updateItem } from '../../src/main/core/workflow/held-update';
import { loadItem } from '../../src/main/core/workflow/item';
import { AppError } from '../../src/shared/api/errors';
import { identifierKey } from '../../src/shared/reference/fields';
import { tempDir, testDataDir } from '../helpers/core';
import { createTestDatabase, ENGINE, type TestTarget } from '../helpers/engine';

// Reads a transaction keeps instead of asking the database again (on PostgreSQL each is a round
// trip): what is kept must be exactly what the database would answer. The demo (scale S) gives
// providers with several children, authorizations that start mid-period, and stored attendance.

const t = tempDir('paydesk-kept-');
let database: TestTarget;
let store: Store;

const ATTENDANCE = `SELECT child_id AS childId, date, hours, absence_code AS absenceCode FROM attendance WHERE payment_id = ? ORDER BY child_id, date`;
const never = (): Promise<never> => Promise.reject(new Error('read the database: the value was not kept'));

beforeAll(async () => {
  if (ENGINE === 'postgres') testDataDir();
  database = ENGINE === 'postgres' ? await createTestDatabase() : { target: path.join(t.dir, 'demo.sqlite'), drop: async () => {} };
  await buildDemoDatabase({ file: database.target, seed: 3, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
  store = await Store.open(database.target);
});

afterAll(async () => {
  await store?.close();
  await database?.drop();
  t.cleanup();
});

/** Runs work in a transaction that is always rolled back: the demo stays as built. */
async function rolledBack(work: (tx: Tx) => Promise<void>): Promise<void> {
  await expect(
    store.db.transaction({ mode: 'write' }, async (tx) => {
      await work(tx);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
}

describe(`kept reads (${ENGINE})`, () => {
  it("many providers' authorization spans read at once equal each provider's own read", async () => {
    const period = (await store.db.one<{ start: string; end: string }>(`SELECT start_date AS start, end_date AS "end" FROM service_period WHERE code = '2026-10'`))!;
    const providers = await store.db.values<number>(`SELECT id FROM provider ORDER BY id`);
    // Each provider's own read, each in a transaction of its own (nothing kept between them).
    const own = new Map<number, unknown>();
    for (const id of providers) {
      own.set(id, await store.db.transaction({ mode: 'read' }, async (tx) => [...(await authorizationSpans(tx, id, period.start, period.end))]));
    }
    expect([...own.values()].some((spans) => (spans as unknown[]).length > 1)).toBe(true);
    await store.db.transaction({ mode: 'read' }, async (tx) => {
      // One more id than there are providers: kept as "no authorizations", not read again.
      await readAuthorizationSpans(tx, [...providers, 999_999], period.start, period.end);
      for (const id of providers) expect([...(await tx.cached('authorization', `spans:${id}|${period.start}|${period.end}`, never))]).toEqual(own.get(id));
      expect([...(await authorizationSpans(tx, 999_999, period.start, period.end))]).toEqual([]);
    });
  });

  it('after attendance is written, the days the calculation reads are kept exactly as the database now holds them', async () => {
    const payment = (await store.db.one<{ id: number; days: number }>(
      `SELECT payment_id AS id, count(*) AS days FROM attendance GROUP BY payment_id HAVING count(DISTINCT child_id) > 1 ORDER BY count(*) DESC, payment_id LIMIT 1`,
    ))!;
    expect(payment.days).toBeGreaterThan(10);
    await rolledBack(async (tx) => {
      const stored = await tx.rows<{ childId: number; date: string; hours: number | null; absenceCode: 'ABSENT' | 'CLOSED' | null }>(ATTENDANCE, [payment.id]);
      const [first, second, third] = stored;
      const last = stored[stored.length - 1];
      const newDay = { childId: first.childId, date: '2026-12-31', hours: 7.5, absenceCode: null };
      // A changed day, a removed day, an unchanged day, a new day (after the others) and a new day before them all.
      await writeAttendance(
        tx,
        payment.id,
        [
          { ...first, hours: first.hours === 3.5 ? 4 : 3.5, absenceCode: null },
          { ...second, hours: null, absenceCode: null },
          third,
          newDay,
          { childId: last.childId, date: '2000-01-03', hours: null, absenceCode: 'ABSENT' },
        ],
        'paper',
      );
      const kept = await calculatedDays(tx, payment.id, never);
      expect(kept).toEqual(await tx.rows(ATTENDANCE, [payment.id]));
      expect(kept).toHaveLength(stored.length + 1);
      expect(kept).toContainEqual(newDay);
      // Any later write of attendance forgets it: the next read asks the database.
      await tx.run(`DELETE FROM attendance WHERE payment_id = ? AND date = '2026-12-31'`, [payment.id]);
      expect(await calculatedDays(tx, payment.id, () => tx.rows(ATTENDANCE, [payment.id]))).toHaveLength(stored.length);
    });
  });

  it("many payments' stored days read at once equal each payment's own read; new days for one keep the others' and are what a read then finds", async () => {
    const STORED = `SELECT id, child_id AS childId, date, hours, absence_code AS absenceCode, source FROM attendance WHERE payment_id = ?`;
    const ids = await store.db.values<number>(`SELECT id FROM payment WHERE kind = 'payment' ORDER BY id LIMIT 40`);
    const own = new Map<number, unknown[]>();
    for (const id of ids) own.set(id, await store.db.transaction({ mode: 'read' }, (tx) => tx.rows(STORED, [id])));
    const withDays = ids.filter((id) => own.get(id)!.length > 0);
    const without = ids.find((id) => own.get(id)!.length === 0)!;
    expect(withDays.length).toBeGreaterThan(1);
    expect(without).toBeDefined();
    const byDate = (a: { date: string }, b: { date: string }) => (a.date < b.date ? -1 : 1);
    await rolledBack(async (tx) => {
      await readStoredDays(tx, ids);
      for (const id of ids) expect([...((await tx.cached('attendance', `days:${id}`, never)) as Array<{ date: string }>)].sort(byDate)).toEqual([...(own.get(id) as Array<{ date: string }>)].sort(byDate));
      // New days for the payment that had none: the others' stay kept, its own are read again, with the new days.
      const child = (await tx.one<{ childId: number }>(
        `SELECT a.child_id AS childId FROM "authorization" a JOIN payment p ON p.provider_id = a.provider_id WHERE p.id = ? LIMIT 1`,
        [without],
      ))!;
      await writeAttendance(tx, without, [{ childId: child.childId, date: '2026-10-05', hours: 6, absenceCode: null }], 'paper');
      for (const id of withDays) expect(await tx.cached('attendance', `days:${id}`, never)).toBeDefined();
      await expect(tx.cached('attendance', `days:${without}`, never)).rejects.toThrow('not kept');
      expect(await tx.rows(`SELECT child_id AS childId, date, hours, source FROM attendance WHERE payment_id = ?`, [without])).toEqual([
        { childId: child.childId, date: '2026-10-05', hours: 6, source: 'paper' },
      ]);
    });
  });

  it("whether each provider's payment is its first, read for many at once, equals each one's own read, and stays kept across the engine's UPDATEs", async () => {
    const periods = await store.db.rows<{ id: number; start: string }>(`SELECT DISTINCT s.id, s.start_date AS start FROM service_period s JOIN payment p ON p.period_id = s.id ORDER BY s.start_date`);
    const providers = await store.db.values<number>(`SELECT id FROM provider ORDER BY id`);
    for (const period of [periods[0], periods[periods.length - 1]]) {
      const own = new Map<number, boolean>();
      for (const id of providers) own.set(id, await store.db.transaction({ mode: 'read' }, (tx) => isFirstPayment(tx, id, period.start)));
      await rolledBack(async (tx) => {
        await readFirstPayments(tx, [...providers, 999_999], period.start);
        for (const id of providers) expect(await tx.cached('payment', `earlier-payment:${id}|${period.start}`, never)).toBe(!own.get(id));
        expect(await isFirstPayment(tx, 999_999, period.start)).toBe(true);
        // A write to payments other than the engine's forgets it.
        await tx.run(`UPDATE payment SET updated_at = updated_at WHERE id = (SELECT min(id) FROM payment)`);
        await expect(tx.cached('payment', `earlier-payment:${providers[0]}|${period.start}`, never)).rejects.toThrow('not kept');
      });
    }
  });

  it("the payment each provider's file fills, read for many at once, equals each one's own lookup, and the engine's UPDATE of it forgets it", async () => {
    const period = (await store.db.one<{ id: number }>(`SELECT id FROM service_period WHERE code = '2026-10'`))!;
    const providers = await store.db.rows<ProviderRef>(`SELECT id, license_number AS licenseNumber, payor_id AS payorId, active FROM provider ORDER BY id`);
    const own = new Map<number, unknown>();
    for (const p of providers) own.set(p.id, await store.db.transaction({ mode: 'read' }, (tx) => new Lookup(tx).payment(p.id, period.id, p.payorId)));
    expect([...own.values()].filter((p) => p !== undefined).length).toBeGreaterThan(1);
    await rolledBack(async (tx) => {
      await readForImports(tx, providers.map((p) => p.id), period.id);
      for (const p of providers) expect(await new Lookup(tx).payment(p.id, period.id, p.payorId)).toEqual(own.get(p.id));
      // Kept: no read for it (the kept value is given even for a never-loading lookup's key).
      const first = providers.find((p) => own.get(p.id) !== undefined)!;
      const ref = own.get(first.id) as { id: number; invoiceStatus: string };
      expect(await tx.cached('payment', `provider-payment:${first.id}|${period.id}`, never)).toMatchObject({ payorId: first.payorId, payment: ref });
      // Asked for another payor (the provider's payor changed since), it is read again.
      expect(await new Lookup(tx).payment(first.id, period.id, first.payorId + 1000)).toEqual(ref);
      // The engine's UPDATE of that payment forgets it; the next lookup reads the row as it is now.
      const item = await loadItem(tx, ref.id, null, { lock: 'update' });
      await updateItem(tx, item, { ...item, statusChangedAt: '2026-11-25T09:00:00.000Z', subStatus: item.subStatus === 'In Review' ? 'Awaiting Action' : 'In Review' }, '2026-11-25T09:00:00.000Z', async () => new AppError({ code: 'CONFLICT', message: 'moved' }));
      await expect(tx.cached('payment', `provider-payment:${first.id}|${period.id}`, never)).rejects.toThrow('not kept');
      expect(await new Lookup(tx).payment(first.id, period.id, first.payorId)).toEqual({ ...ref, subStatus: item.subStatus === 'In Review' ? 'Awaiting Action' : 'In Review' });
    });
  });

  it("the providers and children read for many files' imports at once equal what each file's lookups find, until the transaction writes them", async () => {
    const providers = await store.db.rows<ProviderRef>(`SELECT id, license_number AS licenseNumber, payor_id AS payorId, active FROM provider ORDER BY id`);
    const cases = await store.db.rows<{ c: string; id: number }>(
      `SELECT DISTINCT c.case_number AS c, c.id FROM child c JOIN "authorization" a ON a.child_id = c.id WHERE a.provider_id IN (${providers.slice(0, 6).map((p) => p.id).join(', ')}) ORDER BY c.id`,
    );
    expect(cases.length).toBeGreaterThan(6);
    await rolledBack(async (tx) => {
      await readForImports(tx, providers.slice(0, 6).map((p) => p.id));
      // Each provider by its license in any letter case, as the lookup finds it; no read needed.
      for (const p of providers.slice(0, 6)) {
        expect(await tx.cached('provider', `license:${identifierKey(p.licenseNumber.toLowerCase())}`, never)).toEqual(p);
        expect(await new Lookup(tx).provider(p.licenseNumber.toLowerCase())).toEqual(p);
      }
      // A provider not read before is read, and kept.
      const seventh = providers[6];
      expect(await new Lookup(tx).provider(seventh.licenseNumber)).toEqual(seventh);
      expect(await tx.cached('provider', `license:${identifierKey(seventh.licenseNumber)}`, never)).toEqual(seventh);
      // Each child by case number, known to a new file's lookup before it asks anything of its own.
      const lookup = new Lookup(tx);
      await lookup.prefetchChildren([]);
      for (const c of cases) expect(lookup.knownChild(c.c.toLowerCase())).toBe(c.id);
      // A write of providers or children forgets what was kept: the next lookup asks the database.
      await tx.run(`UPDATE provider SET license_number = ? WHERE id = ?`, [`${providers[0].licenseNumber}-X`, providers[0].id]);
      await expect(tx.cached('provider', `license:${identifierKey(providers[0].licenseNumber)}`, never)).rejects.toThrow('not kept');
      expect(await new Lookup(tx).provider(providers[0].licenseNumber)).toBeUndefined();
      await tx.run(`UPDATE child SET case_number = ? WHERE id = ?`, [`${cases[0].c}-X`, cases[0].id]);
      const after = new Lookup(tx);
      await after.prefetchChildren([]);
      expect(after.knownChild(cases[1].c)).toBeUndefined();
      expect(await after.child(cases[0].c)).toBeNull();
      expect(await after.child(`${cases[0].c}-x`)).toBe(cases[0].id);
    });
  });
});
