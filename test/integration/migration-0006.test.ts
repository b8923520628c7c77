import { describe, expect, it } from 'vitest';
import { MONEY_PATH_SETTINGS } from '../../src/main/core/db/migrations/0006-money-path-settings';
import { getSetting } from '../../src/main/core/settings/settings';
import { agencyToday } from '../../src/main/core/settings/today';
import { migrationDatabases } from '../helpers/migration';
import { onDatabase } from '../helpers/sql';

// Migration 0006 (the agency's time zone and money limits) on the project's engine.

const databases = migrationDatabases();

describe('MoneyPathSettings1764028800006', () => {
  it("seeds the agency's time zone and its money limits; today is the date in that zone", async () => {
    const { sql } = await databases.create();
    for (const [key, value] of Object.entries(MONEY_PATH_SETTINGS)) expect(await getSetting(sql.db, key as never)).toEqual(value);
    expect(await getSetting(sql.db, 'agency.timeZone')).toBe('America/Chicago');
    // 03:30 UTC on the 2nd is still the 1st in Chicago.
    expect(await agencyToday(sql.db, '2026-12-02T03:30:00.000Z')).toBe('2026-12-01');
    await sql.run(`UPDATE setting SET value = ? WHERE key = 'agency.timeZone'`, [JSON.stringify('Asia/Tokyo')]);
    expect(await agencyToday(sql.db, '2026-12-01T16:00:00.000Z')).toBe('2026-12-02');
  });

  it('keeps values an administrator set when a database is migrated again, and reads a missing row as the default', async () => {
    const opened = await databases.create();
    await opened.close();
    // Changed beside PayDesk, as an administrator's tool would.
    await onDatabase(opened.target, (raw) =>
      raw.exec([`UPDATE setting SET value = '5000' WHERE key = 'export.entryLimitCents'`, `DELETE FROM setting WHERE key = 'export.checkLimitCents'`]),
    );
    const again = await databases.open(opened.target);
    expect(await again.store.migrate()).toEqual([]);
    expect(await getSetting(again.sql.db, 'export.entryLimitCents')).toBe(5000);
    expect(await getSetting(again.sql.db, 'export.checkLimitCents')).toBe(MONEY_PATH_SETTINGS['export.checkLimitCents']);
    expect(await again.sql.value(`SELECT count(*) FROM setting WHERE key = 'export.checkLimitCents'`)).toBe(0);
  });
});
