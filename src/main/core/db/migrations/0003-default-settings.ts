import type { MigrationInterface, QueryRunner } from 'typeorm';
import { execute } from './engine-sql';

// Defaults of DESIGN.md: full-day threshold 5 hours, 5 paid absences per period, auto-deny after
// 30 days in Corrections Required, separation of duties on, idle lock after 15 minutes, and the
// starting lists of reasons. All are settings an Administrator changes; none is a constant in code.
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'calculation.fullDayThresholdHours': 5,
  'calculation.paidAbsenceAllowance': 5,
  'workflow.autoDenyDays': 30,
  'workflow.separationOfDuties': true,
  'session.idleLockMinutes': 15,
};

export const DEFAULT_REASONS: Array<[kind: string, code: string, label: string]> = [
  ['hold', 'OUTSIDE_REVIEW', 'Outside review in progress'],
  ['hold', 'LICENSE_CHECK', 'License status being checked'],
  ['hold', 'DUPLICATE_SUSPECTED', 'Possible duplicate billing'],
  ['hold', 'BANK_DETAILS_CHANGED', 'Bank details changed — verify'],
  ['corrections', 'MISSING_ATTENDANCE', 'Attendance missing for some days'],
  ['corrections', 'SIGNATURE_MISSING', 'Signature missing'],
  ['corrections', 'HOURS_INCORRECT', 'Hours look incorrect'],
  ['deny', 'NOT_ELIGIBLE', 'Child not eligible for the period'],
  ['deny', 'DUPLICATE', 'Duplicate invoice'],
  ['deny', 'CORRECTIONS_OVERDUE', 'Corrections not received in time'],
  ['return', 'AMOUNT_QUESTION', 'Amount needs another look'],
  ['return', 'DOCUMENTATION', 'Documentation incomplete'],
];

export class DefaultSettings0003 implements MigrationInterface {
  name = 'DefaultSettings1764028800003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      await execute(queryRunner, `INSERT INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?)`, [
        key,
        JSON.stringify(value),
      ]);
    }
    for (const [kind, code, label] of DEFAULT_REASONS) {
      await execute(queryRunner, `INSERT INTO reason (kind, code, label) VALUES (?, ?, ?)`, [kind, code, label]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM setting WHERE effective_from = '1900-01-01'`);
    await queryRunner.query(`DELETE FROM reason`);
  }
}
