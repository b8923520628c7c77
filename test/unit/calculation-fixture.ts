import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Store } from '../../src/main/core/db/store';
import { tempDir } from '../helpers/core';

// A small agency on a real, migrated SQLite file, built row by row for hand-worked calculation cases.
// Agency maximum rates (center, from 2026-01-01), cents per day:
//   infant 6800 / 4100, toddler 6200 / 3700, preschool 5400 / 3200, school-age 4200 / 2500 (full / part).
// March 2026 starts on a Sunday and has 22 weekdays; April 2026 starts on a Wednesday and has 22 weekdays.

export const MAX_CENTER = { infant: [6800, 4100], toddler: [6200, 3700], preschool: [5400, 3200], school_age: [4200, 2500] } as const;

export interface Fixture {
  sql: BetterSqlite3.Database;
  store: Store;
  close(): Promise<void>;
  child(birthDate: string): number;
  auth(childId: number, a: { start?: string; end?: string; care?: 'full_time' | 'part_time'; dpw?: number; copay?: number }): number;
  payment(periodCode: '2026-03' | '2026-04'): number;
  /** hours, or 'A' (ABSENT) / 'C' (CLOSED), per date. */
  attend(paymentId: number, childId: number, days: Record<string, number | 'A' | 'C'>): void;
  providerRate(ageGroup: string, dayKind: 'full' | 'part', cents: number, from?: string): void;
  maxRate(ageGroup: string, dayKind: 'full' | 'part', cents: number, from: string): void;
  setting(key: string, value: number, from: string): void;
}

export async function openFixture(): Promise<Fixture> {
  const t = tempDir();
  const store = await Store.open(path.join(t.dir, 'calc.sqlite'), { create: true });
  const sql = store.sql;
  sql.exec(`
    INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency', 'direct');
    INSERT INTO provider (id, name, license_number, type, payor_id, payment_method, created_at, updated_at)
      VALUES (1, 'Sunny Center', 'LIC-1', 'center', 1, 'check', 't', 't');
    INSERT INTO service_period (id, code, label, start_date, end_date) VALUES
      (3, '2026-03', 'March 2026', '2026-03-01', '2026-03-31'),
      (4, '2026-04', 'April 2026', '2026-04-01', '2026-04-30');`);
  const max = sql.prepare(`INSERT INTO max_rate (provider_type, age_group, day_kind, effective_from, cents) VALUES ('center', ?, ?, ?, ?)`);
  for (const [age, [full, part]] of Object.entries(MAX_CENTER)) {
    max.run(age, 'full', '2026-01-01', full);
    max.run(age, 'part', '2026-01-01', part);
  }
  let children = 0;
  return {
    sql,
    store,
    async close() {
      await store.close();
      t.cleanup();
    },
    child(birthDate) {
      children += 1;
      sql
        .prepare(`INSERT INTO child (id, case_number, first_name, last_name, birth_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 't', 't')`)
        .run(children, `CASE-${children}`, `Kid${children}`, 'Doe', birthDate);
      return children;
    },
    auth(childId, a) {
      return Number(
        sql
          .prepare(
            `INSERT INTO authorization (child_id, provider_id, start_date, end_date, care_level, days_per_week, copay_cents, created_at, updated_at)
             VALUES (?, 1, ?, ?, ?, ?, ?, 't', 't')`,
          )
          .run(childId, a.start ?? '2026-01-01', a.end ?? '2026-12-31', a.care ?? 'full_time', a.dpw ?? 5, a.copay ?? 0).lastInsertRowid,
      );
    },
    payment(code) {
      const periodId = code === '2026-03' ? 3 : 4;
      return Number(
        sql
          .prepare(
            `INSERT INTO payment (kind, provider_id, period_id, payor_id, submission_status, invoice_status, sub_status, payment_status,
               status_changed_at, created_at, updated_at)
             VALUES ('payment', 1, ?, 1, 'New', 'Pending Approval', 'Awaiting Action', 'New', 't', 't', 't')`,
          )
          .run(periodId).lastInsertRowid,
      );
    },
    attend(paymentId, childId, days) {
      const insert = sql.prepare(
        `INSERT INTO attendance (payment_id, child_id, date, hours, absence_code, source) VALUES (?, ?, ?, ?, ?, 'paper')`,
      );
      for (const [date, v] of Object.entries(days)) {
        insert.run(paymentId, childId, date, typeof v === 'number' ? v : null, v === 'A' ? 'ABSENT' : v === 'C' ? 'CLOSED' : null);
      }
    },
    providerRate(ageGroup, dayKind, cents, from = '2026-01-01') {
      sql
        .prepare(`INSERT INTO provider_rate (provider_id, age_group, day_kind, effective_from, cents) VALUES (1, ?, ?, ?, ?)`)
        .run(ageGroup, dayKind, from, cents);
    },
    maxRate(ageGroup, dayKind, cents, from) {
      max.run(ageGroup, dayKind, from, cents);
    },
    setting(key, value, from) {
      sql.prepare(`INSERT INTO setting (key, effective_from, value) VALUES (?, ?, ?)`).run(key, from, JSON.stringify(value));
    },
  };
}

/** The given dates, each with the same value. */
export function days(dates: string[], value: number | 'A' | 'C'): Record<string, number | 'A' | 'C'> {
  return Object.fromEntries(dates.map((d) => [d, value]));
}

/** "2026-03-" + each day number. */
export function march(...dayNumbers: number[]): string[] {
  return dayNumbers.map((d) => `2026-03-${String(d).padStart(2, '0')}`);
}
export function april(...dayNumbers: number[]): string[] {
  return dayNumbers.map((d) => `2026-04-${String(d).padStart(2, '0')}`);
}
