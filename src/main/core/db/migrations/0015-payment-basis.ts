import type { MigrationInterface, QueryRunner } from 'typeorm';
import { engineOf, execute } from './engine-sql';

/**
 * The payment basis (issue #16, DESIGN.md section 4 "Payment basis"): three effective-dated
 * settings (the basis, the recovery threshold of a prospective period's reconciliation, the
 * agency's holidays), the basis each calculation line and each calculated payment was produced
 * on, and the reconciliations of payments made in advance (one per payment, whether or not it
 * created an adjustment: a difference below the threshold is recorded with none).
 */
export const PAYMENT_BASIS_SETTINGS = {
  'calculation.paymentBasis': 'attendance',
  'calculation.recoveryThresholdCents': 0,
  'calculation.holidays': [] as string[],
} as const;

const BASES = `('attendance','enrollment','prospective')`;

export class PaymentBasis0015 implements MigrationInterface {
  name = 'PaymentBasis1764028800015';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = engineOf(queryRunner) === 'postgres';
    const int = postgres ? 'bigint' : 'INTEGER';
    const deferrable = postgres ? ' DEFERRABLE INITIALLY IMMEDIATE' : '';
    for (const [key, value] of Object.entries(PAYMENT_BASIS_SETTINGS)) {
      await execute(
        queryRunner,
        {
          sqlite: `INSERT OR IGNORE INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?)`,
          postgres: `INSERT INTO setting (key, effective_from, value) VALUES (?, '1900-01-01', ?) ON CONFLICT (key, effective_from) DO NOTHING`,
        },
        [key, JSON.stringify(value)],
      );
    }
    // Lines stored before the basis existed were calculated on attendance (the only basis then).
    await queryRunner.query(`ALTER TABLE calculation_line ADD COLUMN basis TEXT NOT NULL DEFAULT 'attendance' CHECK (basis IN ${BASES})`);
    // The basis a payment's amount was calculated on (null while it has none): 'prospective' marks an advance.
    await queryRunner.query(`ALTER TABLE payment ADD COLUMN basis TEXT CHECK (basis IS NULL OR basis IN ${BASES})`);
    await queryRunner.query(`UPDATE payment SET basis = 'attendance' WHERE kind = 'payment' AND amount_cents IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE reconciliation (
      payment_id ${int} PRIMARY KEY REFERENCES payment (id)${deferrable},
      period_id ${int} NOT NULL REFERENCES service_period (id)${deferrable},
      provider_id ${int} NOT NULL REFERENCES provider (id)${deferrable},
      advance_cents ${int} NOT NULL,
      attendance_cents ${int} NOT NULL,
      difference_cents ${int} NOT NULL,
      threshold_cents ${int} NOT NULL,
      adjustment_cents ${int} NOT NULL,
      not_recovered_cents ${int} NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('none','underpayment','overpayment','overpayment below the threshold')),
      adjustment_id ${int} REFERENCES payment (id)${deferrable},
      lines TEXT NOT NULL,
      reconciled_at TEXT NOT NULL,
      reconciled_by TEXT NOT NULL,
      CHECK ((adjustment_id IS NULL) = (adjustment_cents = 0)),
      CHECK (difference_cents = attendance_cents - advance_cents)
    )`);
    await queryRunner.query(`CREATE INDEX reconciliation_period ON reconciliation (period_id, provider_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reconciliation`);
    await queryRunner.query(`ALTER TABLE payment DROP COLUMN basis`);
    await queryRunner.query(`ALTER TABLE calculation_line DROP COLUMN basis`);
    const keys = Object.keys(PAYMENT_BASIS_SETTINGS);
    await execute(queryRunner, `DELETE FROM setting WHERE key IN (${keys.map(() => '?').join(',')})`, keys);
  }
}
