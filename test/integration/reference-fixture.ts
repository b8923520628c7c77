import type { Connection } from '../../src/main/core/core';
import type { ProviderDetail } from '../../src/shared/api/contract/reference';
import { routingCheckDigit } from '../../src/shared/domain/routing';
import type { ProviderInput } from '../../src/shared/reference/provider';
import { openTestCore, type TestCore } from '../helpers/core';
import { testSql } from '../helpers/sql';

// Shared set-up of the reference-data tests: the demo database (40 providers, 320 children, the
// 2026 periods and rate tables) with connections for the demo users.

export const NOW = new Date('2026-11-25T09:00:00.000Z');

export interface RefWorld extends TestCore {
  admin: Connection;
  approver: Connection;
  payor: Connection;
}

export async function openRefWorld(): Promise<RefWorld> {
  const t = await openTestCore({ demo: true, now: () => NOW, skipStartupTasks: true });
  return { ...t, admin: await t.as('admin'), approver: await t.as('approver'), payor: await t.as('payor') };
}

/** A routing number with a good check digit from any 8 digits. */
export function routing(first8: string): string {
  return first8 + String(routingCheckDigit(first8));
}

/** The same routing number with its check digit off by one. */
export function badRouting(first8: string): string {
  return first8 + String((routingCheckDigit(first8) + 1) % 10);
}

/** The form's fields of a provider as providers-get gives them (Administrator view), ready to save. */
export function formOf(p: ProviderDetail): ProviderInput {
  return {
    id: p.id,
    expectedVersion: p.version,
    name: p.name,
    licenseNumber: p.licenseNumber,
    type: p.type,
    taxId: p.taxId,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    city: p.city,
    state: p.state,
    postalCode: p.postalCode,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    payorId: p.payorId,
    paymentMethod: p.paymentMethod,
    routingNumber: p.routingNumber,
    accountNumber: p.accountNumber,
    accountType: p.accountType,
    accountHolder: p.accountHolder,
    active: p.active,
  };
}

export function newProvider(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    name: 'Maple Tree Learning Center',
    licenseNumber: 'LIC-900001',
    type: 'center',
    taxId: '12-3456789',
    addressLine1: '1 Maple Street',
    city: 'Springfield',
    state: 'IL',
    postalCode: '62701',
    contactName: 'Mia Maple',
    contactEmail: 'mia@example.org',
    contactPhone: '217-555-0199',
    payorId: 1,
    paymentMethod: 'ach',
    routingNumber: routing('07100001'),
    accountNumber: '123456789012',
    accountType: 'checking',
    accountHolder: 'business',
    active: true,
    ...overrides,
  };
}

export interface AuditRow {
  id: number;
  username: string;
  group_name: string;
  entity: string;
  entity_id: number;
  action: string;
  state_before: string | null;
  state_after: string | null;
  reason_code: string | null;
  comment: string | null;
  details: string | null;
}

export async function auditOf(t: TestCore, entity: string, entityId?: number): Promise<AuditRow[]> {
  const sql = testSql(t);
  return entityId === undefined
    ? sql.rows<AuditRow>(`SELECT * FROM audit_event WHERE entity = ? ORDER BY id`, [entity])
    : sql.rows<AuditRow>(`SELECT * FROM audit_event WHERE entity = ? AND entity_id = ? ORDER BY id`, [entity, entityId]);
}

export async function auditCount(t: TestCore): Promise<number> {
  return Number(await testSql(t).value(`SELECT count(*) FROM audit_event`));
}

/** The first ACH provider of the demo (with bank details). */
export async function firstAchProvider(t: TestCore): Promise<number> {
  return testSql(t).value<number>(`SELECT id FROM provider WHERE payment_method = 'ach' ORDER BY id LIMIT 1`);
}
