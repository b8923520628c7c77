import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import type {
  AccountHolder,
  AccountType,
  AgeGroup,
  CareLevel,
  DayKind,
  HoldKind,
  InvoiceStatus,
  ItemKind,
  PaymentBasis,
  PaymentMethod,
  PaymentStatus,
  PayorKind,
  ProviderType,
  SubmissionStatus,
  SubStatus,
} from '../../../shared/domain/words';

// Typed entities over the schema of the migrations. EntitySchema instead of decorators: it works
// under every compiler we use (tsc, esbuild, Playwright's), and the migrations stay the only
// source of the schema (synchronize is never on).

export interface PayorEntity { id: number; code: string; name: string; kind: PayorKind }
export interface ProviderEntity {
  id: number; name: string; licenseNumber: string; type: ProviderType; taxId: string;
  addressLine1: string; addressLine2: string; city: string; state: string; postalCode: string;
  contactName: string; contactEmail: string; contactPhone: string; payorId: number;
  paymentMethod: PaymentMethod; routingNumber: string | null; accountNumber: string | null;
  accountType: AccountType | null; accountHolder: AccountHolder | null; active: boolean;
  bankChangePending: boolean; bankChangedBy: number | null; bankChangedAt: string | null;
  createdAt: string; updatedAt: string; version: number;
}
export interface ProviderRateEntity {
  id: number; providerId: number; ageGroup: AgeGroup; dayKind: DayKind; effectiveFrom: string; cents: number;
}
export interface MaxRateEntity {
  id: number; providerType: ProviderType; ageGroup: AgeGroup; dayKind: DayKind; effectiveFrom: string; cents: number;
}
export interface SettingEntity { id: number; key: string; effectiveFrom: string; value: string }
export interface ReasonEntity { id: number; kind: 'hold' | 'corrections' | 'deny' | 'return'; code: string; label: string; active: boolean }
export interface ChildEntity {
  id: number; caseNumber: string; firstName: string; lastName: string; birthDate: string; guardianName: string;
  createdAt: string; updatedAt: string;
}
export interface AuthorizationEntity {
  id: number; childId: number; providerId: number; startDate: string; endDate: string; careLevel: CareLevel;
  daysPerWeek: number; copayCents: number; createdAt: string; updatedAt: string;
}
export interface ServicePeriodEntity { id: number; code: string; label: string; startDate: string; endDate: string }
export interface UserEntity {
  id: number; username: string; displayName: string; passwordHash: string; providerId: number | null;
  active: boolean; createdAt: string;
}
export interface UserGroupEntity { userId: number; groupName: string }
export interface PaymentEntity {
  id: number; kind: ItemKind; providerId: number; periodId: number; payorId: number;
  submissionStatus: SubmissionStatus; invoiceStatus: InvoiceStatus; subStatus: SubStatus;
  paymentStatus: PaymentStatus; holdKind: HoldKind | null; receivedAt: string | null;
  providerSignedAt: string | null; parentSignedAt: string | null; amountCents: number | null;
  calculatedAt: string | null; exportBatchId: number | null; correctsPaymentId: number | null;
  adjustmentReason: string | null; authorizedBy: number | null; statusChangedAt: string;
  createdAt: string; updatedAt: string; version: number; basis: PaymentBasis | null;
}
export interface AttendanceEntity {
  id: number; paymentId: number; childId: number; date: string; hours: number | null;
  absenceCode: 'ABSENT' | 'CLOSED' | null; source: 'digital' | 'paper';
}
export interface CalculationLineEntity {
  id: number; paymentId: number; lineNo: number; childId: number | null; authorizationId: number | null;
  label: string; ageGroup: AgeGroup | null; fullDays: number; partDays: number; paidAbsences: number;
  unpaidDays: number; daysCut: number; fullRateCents: number; partRateCents: number; copayCents: number;
  subtotalCents: number; details: string; basis: PaymentBasis;
}
export interface ExportBatchEntity {
  id: number; periodId: number; payorId: number; createdAt: string; createdBy: number; itemCount: number;
  totalCents: number; folder: string; filesWrittenAt: string | null;
}
export interface ExportItemEntity { id: number; batchId: number; paymentId: number; providerId: number; amountCents: number }
export interface SubmissionImportEntity {
  id: number; contentHash: string; fileName: string; paymentId: number; importedAt: string; importedBy: number | null;
}
export interface AuditEventEntity {
  id: number; at: string; userId: number | null; username: string; groupName: string; entity: string;
  entityId: number; action: string; stateBefore: string | null; stateAfter: string | null;
  reasonCode: string | null; comment: string | null; details: string | null; prevHash: string; hash: string;
}

type ColumnKind = 'int' | 'text' | 'bool' | 'real';
type Columns = Record<string, [dbName: string, kind: ColumnKind, nullable?: 'null']>;

/** camelCase property -> snake_case column, with the primary key and nullability stated once. */
function schema<T>(name: string, table: string, columns: Columns, primary: string[] = ['id']): EntitySchema<T> {
  const typeOf = { int: 'integer', text: 'text', bool: 'boolean', real: 'real' } as const;
  return new EntitySchema<T>({
    name,
    tableName: table,
    columns: Object.fromEntries<EntitySchemaColumnOptions>(
      Object.entries(columns).map(([prop, [dbName, kind, nullable]]) => [
        prop,
        {
          name: dbName,
          type: typeOf[kind],
          nullable: nullable === 'null',
          primary: primary.includes(prop),
          ...(primary.includes(prop) && prop === 'id' ? { generated: 'increment' as const } : {}),
        },
      ]),
    ) as EntitySchema<T>['options']['columns'],
  });
}

const id: Columns[string] = ['id', 'int'];

export const Payor = schema<PayorEntity>('Payor', 'payor', {
  id, code: ['code', 'text'], name: ['name', 'text'], kind: ['kind', 'text'],
});
export const Provider = schema<ProviderEntity>('Provider', 'provider', {
  id, name: ['name', 'text'], licenseNumber: ['license_number', 'text'], type: ['type', 'text'],
  taxId: ['tax_id', 'text'], addressLine1: ['address_line1', 'text'], addressLine2: ['address_line2', 'text'],
  city: ['city', 'text'], state: ['state', 'text'], postalCode: ['postal_code', 'text'],
  contactName: ['contact_name', 'text'], contactEmail: ['contact_email', 'text'], contactPhone: ['contact_phone', 'text'],
  payorId: ['payor_id', 'int'], paymentMethod: ['payment_method', 'text'],
  routingNumber: ['routing_number', 'text', 'null'], accountNumber: ['account_number', 'text', 'null'],
  accountType: ['account_type', 'text', 'null'], accountHolder: ['account_holder', 'text', 'null'],
  active: ['active', 'bool'], bankChangePending: ['bank_change_pending', 'bool'],
  bankChangedBy: ['bank_changed_by', 'int', 'null'], bankChangedAt: ['bank_changed_at', 'text', 'null'],
  createdAt: ['created_at', 'text'], updatedAt: ['updated_at', 'text'], version: ['version', 'int'],
});
export const ProviderRate = schema<ProviderRateEntity>('ProviderRate', 'provider_rate', {
  id, providerId: ['provider_id', 'int'], ageGroup: ['age_group', 'text'], dayKind: ['day_kind', 'text'],
  effectiveFrom: ['effective_from', 'text'], cents: ['cents', 'int'],
});
export const MaxRate = schema<MaxRateEntity>('MaxRate', 'max_rate', {
  id, providerType: ['provider_type', 'text'], ageGroup: ['age_group', 'text'], dayKind: ['day_kind', 'text'],
  effectiveFrom: ['effective_from', 'text'], cents: ['cents', 'int'],
});
export const Setting = schema<SettingEntity>('Setting', 'setting', {
  id, key: ['key', 'text'], effectiveFrom: ['effective_from', 'text'], value: ['value', 'text'],
});
export const Reason = schema<ReasonEntity>('Reason', 'reason', {
  id, kind: ['kind', 'text'], code: ['code', 'text'], label: ['label', 'text'], active: ['active', 'bool'],
});
export const Child = schema<ChildEntity>('Child', 'child', {
  id, caseNumber: ['case_number', 'text'], firstName: ['first_name', 'text'], lastName: ['last_name', 'text'],
  birthDate: ['birth_date', 'text'], guardianName: ['guardian_name', 'text'],
  createdAt: ['created_at', 'text'], updatedAt: ['updated_at', 'text'],
});
export const Authorization = schema<AuthorizationEntity>('Authorization', 'authorization', {
  id, childId: ['child_id', 'int'], providerId: ['provider_id', 'int'], startDate: ['start_date', 'text'],
  endDate: ['end_date', 'text'], careLevel: ['care_level', 'text'], daysPerWeek: ['days_per_week', 'int'],
  copayCents: ['copay_cents', 'int'], createdAt: ['created_at', 'text'], updatedAt: ['updated_at', 'text'],
});
export const ServicePeriod = schema<ServicePeriodEntity>('ServicePeriod', 'service_period', {
  id, code: ['code', 'text'], label: ['label', 'text'], startDate: ['start_date', 'text'], endDate: ['end_date', 'text'],
});
export const User = schema<UserEntity>('User', 'app_user', {
  id, username: ['username', 'text'], displayName: ['display_name', 'text'], passwordHash: ['password_hash', 'text'],
  providerId: ['provider_id', 'int', 'null'], active: ['active', 'bool'], createdAt: ['created_at', 'text'],
});
export const UserGroup = schema<UserGroupEntity>(
  'UserGroup', 'user_group', { userId: ['user_id', 'int'], groupName: ['group_name', 'text'] }, ['userId', 'groupName'],
);
export const Payment = schema<PaymentEntity>('Payment', 'payment', {
  id, kind: ['kind', 'text'], providerId: ['provider_id', 'int'], periodId: ['period_id', 'int'],
  payorId: ['payor_id', 'int'], submissionStatus: ['submission_status', 'text'],
  invoiceStatus: ['invoice_status', 'text'], subStatus: ['sub_status', 'text'],
  paymentStatus: ['payment_status', 'text'], holdKind: ['hold_kind', 'text', 'null'],
  receivedAt: ['received_at', 'text', 'null'], providerSignedAt: ['provider_signed_at', 'text', 'null'],
  parentSignedAt: ['parent_signed_at', 'text', 'null'], amountCents: ['amount_cents', 'int', 'null'],
  calculatedAt: ['calculated_at', 'text', 'null'], exportBatchId: ['export_batch_id', 'int', 'null'],
  correctsPaymentId: ['corrects_payment_id', 'int', 'null'], adjustmentReason: ['adjustment_reason', 'text', 'null'],
  authorizedBy: ['authorized_by', 'int', 'null'], statusChangedAt: ['status_changed_at', 'text'],
  createdAt: ['created_at', 'text'], updatedAt: ['updated_at', 'text'], version: ['version', 'int'],
  basis: ['basis', 'text', 'null'],
});
export const Attendance = schema<AttendanceEntity>('Attendance', 'attendance', {
  id, paymentId: ['payment_id', 'int'], childId: ['child_id', 'int'], date: ['date', 'text'],
  hours: ['hours', 'real', 'null'], absenceCode: ['absence_code', 'text', 'null'], source: ['source', 'text'],
});
export const CalculationLine = schema<CalculationLineEntity>('CalculationLine', 'calculation_line', {
  id, paymentId: ['payment_id', 'int'], lineNo: ['line_no', 'int'], childId: ['child_id', 'int', 'null'],
  authorizationId: ['authorization_id', 'int', 'null'], label: ['label', 'text'], ageGroup: ['age_group', 'text', 'null'],
  fullDays: ['full_days', 'int'], partDays: ['part_days', 'int'], paidAbsences: ['paid_absences', 'int'],
  unpaidDays: ['unpaid_days', 'int'], daysCut: ['days_cut', 'int'], fullRateCents: ['full_rate_cents', 'int'],
  partRateCents: ['part_rate_cents', 'int'], copayCents: ['copay_cents', 'int'], subtotalCents: ['subtotal_cents', 'int'],
  details: ['details', 'text'], basis: ['basis', 'text'],
});
export const ExportBatch = schema<ExportBatchEntity>('ExportBatch', 'export_batch', {
  id, periodId: ['period_id', 'int'], payorId: ['payor_id', 'int'], createdAt: ['created_at', 'text'],
  createdBy: ['created_by', 'int'], itemCount: ['item_count', 'int'], totalCents: ['total_cents', 'int'],
  folder: ['folder', 'text'], filesWrittenAt: ['files_written_at', 'text', 'null'],
});
export const ExportItem = schema<ExportItemEntity>('ExportItem', 'export_item', {
  id, batchId: ['batch_id', 'int'], paymentId: ['payment_id', 'int'], providerId: ['provider_id', 'int'],
  amountCents: ['amount_cents', 'int'],
});
export const SubmissionImport = schema<SubmissionImportEntity>('SubmissionImport', 'submission_import', {
  id, contentHash: ['content_hash', 'text'], fileName: ['file_name', 'text'], paymentId: ['payment_id', 'int'],
  importedAt: ['imported_at', 'text'], importedBy: ['imported_by', 'int', 'null'],
});
export const AuditEvent = schema<AuditEventEntity>('AuditEvent', 'audit_event', {
  id, at: ['at', 'text'], userId: ['user_id', 'int', 'null'], username: ['username', 'text'],
  groupName: ['group_name', 'text'], entity: ['entity', 'text'], entityId: ['entity_id', 'int'],
  action: ['action', 'text'], stateBefore: ['state_before', 'text', 'null'], stateAfter: ['state_after', 'text', 'null'],
  reasonCode: ['reason_code', 'text', 'null'], comment: ['comment', 'text', 'null'], details: ['details', 'text', 'null'],
  prevHash: ['prev_hash', 'text'], hash: ['hash', 'text'],
});

export const ENTITIES = [
  Payor, Provider, ProviderRate, MaxRate, Setting, Reason, Child, Authorization, ServicePeriod, User, UserGroup,
  Payment, Attendance, CalculationLine, ExportBatch, ExportItem, SubmissionImport, AuditEvent,
];
