import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { MONEY_PATH_SETTINGS } from '../../src/main/core/db/migrations/0006-money-path-settings';
import { getSetting } from '../../src/main/core/settings/settings';
import { agencyToday } from '../../src/main/core/settings/today';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('MoneyPathSettings1764028800006', () => {
  it("seeds the agency's time zone and its money limits; today is the date in that zone", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await Store.open(path.join(t.dir, 'm.sqlite'), { create: true });
    try {
      for (const [key, value] of Object.entries(MONEY_PATH_SETTINGS)) expect(getSetting(store.sql, key)).toEqual(value);
      expect(getSetting(store.sql, 'agency.timeZone')).toBe('America/Chicago');
      // 03:30 UTC on the 2nd is still the 1st in Chicago.
      expect(agencyToday(store.sql, '2026-12-02T03:30:00.000Z')).toBe('2026-12-01');
      store.sql.prepare(`UPDATE setting SET value = ? WHERE key = 'agency.timeZone'`).run(JSON.stringify('Asia/Tokyo'));
      expect(agencyToday(store.sql, '2026-12-01T16:00:00.000Z')).toBe('2026-12-02');
    } finally {
      await store.close();
    }
  });

  it('keeps values an administrator set when a database is migrated again, and reads a missing row as the default', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const store = await Store.open(file, { create: true });
    await store.close();
    const raw = new Database(file);
    raw.prepare(`UPDATE setting SET value = '5000' WHERE key = 'export.entryLimitCents'`).run();
    raw.prepare(`DELETE FROM setting WHERE key = 'export.checkLimitCents'`).run();
    raw.close();
    const again = await Store.open(file);
    try {
      expect(await again.migrate()).toEqual([]);
      expect(getSetting(again.sql, 'export.entryLimitCents')).toBe(5000);
      expect(getSetting(again.sql, 'export.checkLimitCents')).toBe(MONEY_PATH_SETTINGS['export.checkLimitCents']);
    } finally {
      await again.close();
    }
  });
});
