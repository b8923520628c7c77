import type { AbsenceCode, AgeGroup, CareLevel, DayKind, ProviderType } from '../../../shared/domain/words';

// The rows the calculation reads, and the column lists the per-payment loader and the bulk
// prefetch share, so both read exactly the same thing.

export interface PaymentRow {
  id: number;
  kind: 'payment' | 'adjustment';
  providerId: number;
  providerType: ProviderType;
  startDate: string;
  endDate: string;
  receivedAt: string | null;
}
export interface RateRow { providerId: number; ageGroup: AgeGroup; dayKind: DayKind; cents: number }
export interface AuthRow {
  providerId: number;
  id: number;
  childId: number;
  childLabel: string;
  birthDate: string;
  startDate: string;
  endDate: string;
  careLevel: CareLevel;
  daysPerWeek: number;
  copayCents: number;
}
export interface AttendanceRow { childId: number; date: string; hours: number | null; absenceCode: AbsenceCode | null }

export const PAYMENT_SELECT = `SELECT p.id, p.kind, p.provider_id AS providerId, pr.type AS providerType, sp.start_date AS startDate, sp.end_date AS endDate,
    p.received_at AS receivedAt
  FROM payment p JOIN provider pr ON pr.id = p.provider_id JOIN service_period sp ON sp.id = p.period_id`;

/** Oldest first: a later effective date overrides an earlier one for the same age group and day kind. */
export const RATE_SELECT = `SELECT provider_id AS providerId, age_group AS ageGroup, day_kind AS dayKind, cents FROM provider_rate`;
export const RATE_ORDER = `ORDER BY effective_from`;

export const AUTH_SELECT = `SELECT a.provider_id AS providerId, a.id, a.child_id AS childId,
    c.last_name || ', ' || c.first_name || ' (' || c.case_number || ')' AS childLabel, c.birth_date AS birthDate,
    a.start_date AS startDate, a.end_date AS endDate, a.care_level AS careLevel, a.days_per_week AS daysPerWeek,
    a.copay_cents AS copayCents
  FROM "authorization" a JOIN child c ON c.id = a.child_id`;
export const AUTH_ORDER = `ORDER BY a.child_id, a.start_date, a.id`;
