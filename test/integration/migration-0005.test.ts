import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/main/core/db/store';
import { AGENCY_DEFAULTS } from '../../src/main/core/db/migrations/0005-agency-settings';
import { getSetting } from '../../src/main/core/settings/settings';
import { isValidRouting } from '../../src/shared/domain/routing';
import { tempDir } from '../helpers/core';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('AgencySettings1764028800005', () => {
  it('seeds the agency identity and bank settings with valid demo values and adds export_batch.snapshot', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await Store.open(path.join(t.dir, 'm.sqlite'), { create: true });
    try {
      for (const [key, value] of Object.entries(AGENCY_DEFAULTS)) expect(getSetting(store.sql, key)).toEqual(value);
      expect(isValidRouting(AGENCY_DEFAULTS['agency.odfiRouting'])).toBe(true);
      expect(isValidRouting(AGENCY_DEFAULTS['agency.immediateDestination'])).toBe(true);
      expect(AGENCY_DEFAULTS['agency.companyId']).toHaveLength(10);
      const cols = store.sql.prepare(`PRAGMA table_info(export_batch)`).all() as { name: string; type: string; notnull: number }[];
      expect(cols.find((c) => c.name === 'snapshot')).toMatchObject({ type: 'TEXT', notnull: 0 });
    } finally {
      await store.close();
    }
  });

  it('runs once: a value an administrator changed survives reopening', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'm.sqlite');
    const store = await Store.open(file, { create: true });
    store.sql.prepare(`UPDATE setting SET value = ? WHERE key = 'agency.name'`).run(JSON.stringify('County of Elsewhere'));
    await store.close();
    const again = await Store.open(file);
    try {
      expect(await again.migrate()).toEqual([]);
      expect(getSetting(again.sql, 'agency.name')).toBe('County of Elsewhere');
    } finally {
      await again.close();
    }
  });
});
