import { describe, expect, it } from 'vitest';
import { AGENCY_DEFAULTS } from '../../src/main/core/db/migrations/0005-agency-settings';
import { getSetting } from '../../src/main/core/settings/settings';
import { isValidRouting } from '../../src/shared/domain/routing';
import { columnInfo, migrationDatabases } from '../helpers/migration';

// Migration 0005 (the agency's identity and bank settings) on the project's engine.

const databases = migrationDatabases();

describe('AgencySettings1764028800005', () => {
  it('seeds the agency identity and bank settings with valid demo values and adds export_batch.snapshot', async () => {
    const { sql } = await databases.create();
    for (const [key, value] of Object.entries(AGENCY_DEFAULTS)) expect(await getSetting(sql.db, key as never)).toEqual(value);
    expect(isValidRouting(AGENCY_DEFAULTS['agency.odfiRouting'])).toBe(true);
    expect(isValidRouting(AGENCY_DEFAULTS['agency.immediateDestination'])).toBe(true);
    expect(AGENCY_DEFAULTS['agency.companyId']).toHaveLength(10);
    const snapshot = (await columnInfo(sql.db, 'export_batch')).find((c) => c.name === 'snapshot');
    expect(snapshot).toMatchObject({ type: 'text', notNull: false, default: null });
  });

  it('runs once: a value an administrator changed survives reopening', async () => {
    const opened = await databases.create();
    await opened.sql.run(`UPDATE setting SET value = ? WHERE key = 'agency.name'`, [JSON.stringify('County of Elsewhere')]);
    await opened.close();
    const again = await databases.open(opened.target);
    expect(await again.store.migrate()).toEqual([]);
    expect(await getSetting(again.sql.db, 'agency.name')).toBe('County of Elsewhere');
  });
});
