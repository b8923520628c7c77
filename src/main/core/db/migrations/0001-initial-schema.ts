import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POSTGRES_STATEMENTS } from './0001-initial-schema.postgres';
import { engineOf } from './engine-sql';

// The first schema: every table of DESIGN.md sections 1, 2 and 5. Money columns are INTEGER
// cents; dates are TEXT YYYY-MM-DD; timestamps are TEXT UTC ISO. CHECK constraints restate the
// closed word lists so that a bad row cannot get in even through raw SQL.
const STATEMENTS = [
  `CREATE TABLE payor (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct','third_party'))
  )`,
  `CREATE TABLE provider (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    license_number TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL CHECK (type IN ('center','family_home','group_home')),
    tax_id TEXT NOT NULL DEFAULT '',
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    payor_id INTEGER NOT NULL REFERENCES payor(id),
    payment_method TEXT NOT NULL CHECK (payment_method IN ('ach','check')),
    routing_number TEXT,
    account_number TEXT,
    account_type TEXT CHECK (account_type IN ('checking','savings')),
    account_holder TEXT CHECK (account_holder IN ('business','personal')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    bank_change_pending INTEGER NOT NULL DEFAULT 0 CHECK (bank_change_pending IN (0,1)),
    bank_changed_by INTEGER,
    bank_changed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE INDEX provider_name ON provider(name)`,
  `CREATE INDEX provider_payor ON provider(payor_id)`,
  `CREATE TABLE provider_rate (
    id INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    age_group TEXT NOT NULL CHECK (age_group IN ('infant','toddler','preschool','school_age')),
    day_kind TEXT NOT NULL CHECK (day_kind IN ('full','part')),
    effective_from TEXT NOT NULL,
    cents INTEGER NOT NULL CHECK (cents >= 0),
    UNIQUE (provider_id, age_group, day_kind, effective_from)
  )`,
  `CREATE TABLE max_rate (
    id INTEGER PRIMARY KEY,
    provider_type TEXT NOT NULL CHECK (provider_type IN ('center','family_home','group_home')),
    age_group TEXT NOT NULL CHECK (age_group IN ('infant','toddler','preschool','school_age')),
    day_kind TEXT NOT NULL CHECK (day_kind IN ('full','part')),
    effective_from TEXT NOT NULL,
    cents INTEGER NOT NULL CHECK (cents >= 0),
    UNIQUE (provider_type, age_group, day_kind, effective_from)
  )`,
  `CREATE TABLE setting (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (key, effective_from)
  )`,
  `CREATE TABLE reason (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('hold','corrections','deny','return')),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    UNIQUE (kind, code)
  )`,
  `CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    guardian_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE TABLE authorization (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES child(id),
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    care_level TEXT NOT NULL CHECK (care_level IN ('full_time','part_time')),
    days_per_week INTEGER NOT NULL CHECK (days_per_week BETWEEN 1 AND 5),
    copay_cents INTEGER NOT NULL DEFAULT 0 CHECK (copay_cents >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start_date <= end_date)
  )`,
  `CREATE INDEX authorization_provider ON authorization(provider_id, start_date, end_date)`,
  `CREATE INDEX authorization_child ON authorization(child_id)`,
  `CREATE TABLE service_period (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    CHECK (start_date <= end_date)
  )`,
  `CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    provider_id INTEGER REFERENCES provider(id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE user_group (
    user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    group_name TEXT NOT NULL CHECK (group_name IN ('Provider','Approver','Payor','Administrator')),
    PRIMARY KEY (user_id, group_name)
  )`,
  `CREATE TABLE export_batch (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES service_period(id),
    payor_id INTEGER NOT NULL REFERENCES payor(id),
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES app_user(id),
    item_count INTEGER NOT NULL,
    total_cents INTEGER NOT NULL,
    folder TEXT NOT NULL,
    files_written_at TEXT
  )`,
  `CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('payment','adjustment')),
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    period_id INTEGER NOT NULL REFERENCES service_period(id),
    payor_id INTEGER NOT NULL REFERENCES payor(id),
    submission_status TEXT NOT NULL CHECK (submission_status IN ('New','Ready for Parent','Submitted')),
    invoice_status TEXT NOT NULL CHECK (invoice_status IN ('Pending Approval','Pending Payment','Corrections Required','Invoice History')),
    sub_status TEXT NOT NULL CHECK (sub_status IN ('Awaiting Action','In Review','Administrative Hold','In Process','Processed','Paid','Denied')),
    payment_status TEXT NOT NULL CHECK (payment_status IN ('New','Received','Authorized','Hold','Paid','Denied')),
    hold_kind TEXT CHECK (hold_kind IN ('administrative','bank_details')),
    received_at TEXT,
    provider_signed_at TEXT,
    parent_signed_at TEXT,
    amount_cents INTEGER,
    calculated_at TEXT,
    export_batch_id INTEGER REFERENCES export_batch(id),
    corrects_payment_id INTEGER REFERENCES payment(id),
    adjustment_reason TEXT,
    authorized_by INTEGER REFERENCES app_user(id),
    status_changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
  )`,
  // One payment per provider, period and payor; a unique key, so generation can never duplicate.
  `CREATE UNIQUE INDEX payment_one_per_period ON payment(provider_id, period_id, payor_id) WHERE kind = 'payment'`,
  `CREATE INDEX payment_period_status ON payment(period_id, payment_status)`,
  `CREATE INDEX payment_period_submission ON payment(period_id, submission_status)`,
  `CREATE INDEX payment_provider ON payment(provider_id)`,
  `CREATE INDEX payment_batch ON payment(export_batch_id)`,
  `CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment(id),
    child_id INTEGER NOT NULL REFERENCES child(id),
    date TEXT NOT NULL,
    hours REAL CHECK (hours IS NULL OR (hours >= 0 AND hours <= 24)),
    absence_code TEXT CHECK (absence_code IN ('ABSENT','CLOSED')),
    source TEXT NOT NULL CHECK (source IN ('digital','paper')),
    UNIQUE (payment_id, child_id, date),
    CHECK ((hours IS NULL) <> (absence_code IS NULL))
  )`,
  `CREATE TABLE calculation_line (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment(id),
    line_no INTEGER NOT NULL,
    child_id INTEGER REFERENCES child(id),
    authorization_id INTEGER REFERENCES authorization(id),
    label TEXT NOT NULL,
    age_group TEXT,
    full_days INTEGER NOT NULL DEFAULT 0,
    part_days INTEGER NOT NULL DEFAULT 0,
    paid_absences INTEGER NOT NULL DEFAULT 0,
    unpaid_days INTEGER NOT NULL DEFAULT 0,
    days_cut INTEGER NOT NULL DEFAULT 0,
    full_rate_cents INTEGER NOT NULL DEFAULT 0,
    part_rate_cents INTEGER NOT NULL DEFAULT 0,
    copay_cents INTEGER NOT NULL DEFAULT 0,
    subtotal_cents INTEGER NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    UNIQUE (payment_id, line_no)
  )`,
  `CREATE TABLE export_item (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES export_batch(id),
    payment_id INTEGER NOT NULL UNIQUE REFERENCES payment(id),
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    amount_cents INTEGER NOT NULL
  )`,
  `CREATE INDEX export_item_batch ON export_item(batch_id)`,
  `CREATE TABLE submission_import (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    payment_id INTEGER NOT NULL REFERENCES payment(id),
    imported_at TEXT NOT NULL,
    imported_by INTEGER REFERENCES app_user(id)
  )`,
  `CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL,
    group_name TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    state_before TEXT,
    state_after TEXT,
    reason_code TEXT,
    comment TEXT,
    details TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
  )`,
  `CREATE INDEX audit_event_entity ON audit_event(entity, entity_id)`,
];

export class InitialSchema0001 implements MigrationInterface {
  name = 'InitialSchema1764028800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of engineOf(queryRunner) === 'postgres' ? POSTGRES_STATEMENTS : STATEMENTS) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = [...STATEMENTS]
      .reverse()
      .map((s) => /^CREATE TABLE (\w+)/.exec(s)?.[1])
      .filter((t): t is string => !!t);
    const postgres = engineOf(queryRunner) === 'postgres';
    for (const t of tables) await queryRunner.query(postgres ? `DROP TABLE "${t}"` : `DROP TABLE ${t}`);
    if (postgres) await queryRunner.query(`DROP COLLATION IF EXISTS nocase`);
  }
}
