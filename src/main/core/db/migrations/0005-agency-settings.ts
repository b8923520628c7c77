import type { MigrationInterface, QueryRunner } from 'typeorm';
import { execute } from './engine-sql';

/**
 * The agency's identity and bank settings that the export files need (DESIGN.md section 5), with
 * demo defaults an Administrator replaces. ACH fields follow the NACHA file header and batch
 * header: the immediate destination is the bank's routing number, the immediate origin and the
 * company id are usually "1" + the agency's EIN, the ODFI is the originating bank's routing number.
 */
export const AGENCY_DEFAULTS = {
  'agency.name': 'Prairie County Child Care Assistance',
  'agency.addressLine1': '200 Main Street, Suite 4',
  'agency.addressLine2': 'Springfield, IL 62701',
  'agency.phone': '217-555-0100',
  'agency.taxId': '37-6000001',
  'agency.odfiRouting': '071000013',
  'agency.immediateDestination': '071000013',
  'agency.immediateDestinationName': 'DEMO NATIONAL BANK',
  'agency.immediateOrigin': '1376000001',
  'agency.immediateOriginName': 'PRAIRIE COUNTY CCAP',
  'agency.companyId': '1376000001',
  'agency.companyName': 'PRAIRIE CO CCAP',
  'agency.companyEntryDescription': 'CHILD CARE',
  /** The agency's disbursement account that checks are drawn on (positive-pay file). */
  'agency.checkAccountNumber': '000123456789',
  /** The first check number PayDesk prints; later batches continue after the last one used. */
  'agency.startingCheckNumber': 100001,
  /** Where batch folders go; empty = "exports" in the app's data folder. */
  'export.root': '',
} as const;
export type AgencySettingKey = keyof typeof AGENCY_DEFAULTS;

export class AgencySettings0005 implements MigrationInterface {
  name = 'AgencySettings1764028800005';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [key, value] of Object.entries(AGENCY_DEFAULTS)) {
      await execute(
        queryRunner,
        {
          sqlite: `INSERT OR IGNORE INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?)`,
          postgres: `INSERT INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?) ON CONFLICT (key, effective_from) DO NOTHING`,
        },
        [key, JSON.stringify(value)],
      );
    }
    // What the batch paid with, frozen when it commits (agency identity, each provider's name,
    // address and bank details, check and trace numbers, who was left out and why): the files are
    // renderings of the batch, so regenerating them later gives the same bytes even after a
    // provider's bank details or the agency's settings change.
    await queryRunner.query(`ALTER TABLE export_batch ADD COLUMN snapshot TEXT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE export_batch DROP COLUMN snapshot`);
    const keys = Object.keys(AGENCY_DEFAULTS);
    await execute(queryRunner, `DELETE FROM setting WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
  }
}
