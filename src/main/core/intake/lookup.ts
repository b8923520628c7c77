import { identifierKey } from '../../../shared/reference/fields';
import type { Queryable } from '../db/engine/port';
import { authorizationSpans } from '../workflow/attendance';
import { providerPaymentKey } from '../workflow/item';
import type { SubmissionStatus, InvoiceStatus, SubStatus, PaymentBasis } from '../../../shared/domain/words';

// Looks up what an attendance file names (provider by license, period by code, child by case
// number) and which days each child is authorized at a provider. What was read is kept for the
// run, because a paper file can hold hundreds of thousands of rows.

export interface PeriodRow { id: number; code: string; startDate: string; endDate: string }
export interface ProviderRef { id: number; licenseNumber: string; payorId: number; active: number }
export interface PaymentRef {
  id: number;
  providerId: number;
  periodId: number;
  receivedAt: string | null;
  submissionStatus: SubmissionStatus;
  invoiceStatus: InvoiceStatus;
  subStatus: SubStatus;
  providerSignedAt: string | null;
  /** The basis its amount was calculated on ('prospective': paid in advance). */
  basis: PaymentBasis | null;
}
export interface AuthSpan { start: string; end: string }

const PROVIDER_REF = `SELECT id, license_number AS licenseNumber, payor_id AS payorId, active FROM provider`;

/** The payments an import may fill (PaymentRef), for a WHERE to go on. */
const PAYMENT_REF = `SELECT p.id, p.provider_id AS providerId, p.period_id AS periodId, p.received_at AS receivedAt,
       p.submission_status AS submissionStatus, p.invoice_status AS invoiceStatus, p.sub_status AS subStatus,
       p.provider_signed_at AS providerSignedAt, p.basis
     FROM payment p JOIN provider pr ON pr.id = p.provider_id WHERE p.kind = 'payment'`;
/** Which of a provider's payments of a period a file fills: the one of its current payor, else the oldest. */
const FILL_ORDER = `(p.payor_id = pr.payor_id) DESC, p.id`;

// The statements a Lookup runs (the port caches their compilation per connection).
const Q = {
  // License and case numbers are matched case-insensitively (indexes of migration 0008).
  provider: `${PROVIDER_REF} WHERE license_number = ? COLLATE NOCASE`,
  periodByCode: `SELECT id, code, start_date AS startDate, end_date AS endDate FROM service_period WHERE code = ?`,
  periodById: `SELECT id, code, start_date AS startDate, end_date AS endDate FROM service_period WHERE id = ?`,
  // The provider's current payor first: after a payor change the newer payment is the one to fill.
  payment: `${PAYMENT_REF} AND p.provider_id = ? AND p.period_id = ? ORDER BY ${FILL_ORDER} LIMIT 1`,
  paymentsOfPeriod: `${PAYMENT_REF} AND p.period_id = ? ORDER BY p.provider_id, ${FILL_ORDER}`,
  // The same for some providers (readForImports).
  paymentsOfProviders: (d: Queryable['dialect']) => `${PAYMENT_REF} AND p.period_id = ? AND p.provider_id IN ${d.idsFromJson} ORDER BY p.provider_id, ${FILL_ORDER}`,
  paymentById: `SELECT id, provider_id AS providerId, period_id AS periodId, received_at AS receivedAt, submission_status AS submissionStatus,
       invoice_status AS invoiceStatus, sub_status AS subStatus, provider_signed_at AS providerSignedAt, basis
     FROM payment WHERE id = ? AND kind = 'payment'`,
  child: `SELECT id FROM child WHERE case_number = ? COLLATE NOCASE`,
  // The same match for many case numbers in one statement (LIMIT 1 as one() reads the first).
  childrenOf: (d: Queryable['dialect']) =>
    `SELECT t.value AS c, (SELECT id FROM child WHERE case_number = t.value COLLATE NOCASE LIMIT 1) AS id FROM ${d.textsFromJson} t`,
  children: `SELECT case_number AS c, id FROM child`,
  authsOfPeriod: `SELECT provider_id AS providerId, child_id AS childId, start_date AS start, end_date AS end FROM "authorization"
     WHERE start_date <= ? AND end_date >= ? ORDER BY start_date`,
};

/**
 * What the transaction's lookups learnt of case numbers (the child's id, or null: no such child),
 * shared by every file it imports (the demo's run imports a hundred in one); forgotten when the
 * transaction writes children.
 */
function knownCases(db: Queryable): Promise<Map<string, number | null>> {
  return db.cached('child', 'by-case-number', () => Promise.resolve(new Map<string, number | null>()));
}

const licenseKey = (licenseNumber: string) => `license:${identifierKey(licenseNumber)}`;

/** The payment an import fills, kept with the provider's payor it was chosen for (Lookup.payment). */
interface KeptPayment {
  payorId: number;
  payment: PaymentRef | undefined;
}

/**
 * Reads these providers, their children by case number, and (given a period) the payments their
 * files fill, in one statement each, and keeps them for the transaction's imports: a run of many
 * submission files (the demo's) then asks the database nothing per file for them (on PostgreSQL
 * each question is a round trip).
 */
export async function readForImports(db: Queryable, providerIds: readonly number[], periodId?: number): Promise<void> {
  const ids = JSON.stringify(providerIds);
  const providers = await db.rows<ProviderRef>(`${PROVIDER_REF} WHERE id IN ${db.dialect.idsFromJson}`, [ids]);
  for (const p of providers) db.remember('provider', licenseKey(p.licenseNumber), p);
  if (periodId !== undefined) {
    const filled = new Map<number, PaymentRef>();
    // In Lookup.payment's order: the provider's current payor first, then by id.
    for (const r of await db.rows<PaymentRef>(Q.paymentsOfProviders(db.dialect), [periodId, ids])) if (!filled.has(r.providerId)) filled.set(r.providerId, r);
    for (const p of providers) db.remember('payment', providerPaymentKey(p.id, periodId), { payorId: p.payorId, payment: filled.get(p.id) } satisfies KeptPayment);
  }
  const cases = await knownCases(db);
  for (const c of await db.rows<{ c: string; id: number }>(
    `SELECT DISTINCT c.case_number AS c, c.id FROM child c JOIN "authorization" a ON a.child_id = c.id WHERE a.provider_id IN ${db.dialect.idsFromJson}`,
    [ids],
  )) {
    cases.set(identifierKey(c.c), c.id);
  }
}

export class Lookup {
  /** Bulk mode: every child, read at once. Otherwise the transaction's shared map (knownCases), once first used. */
  private children = new Map<string, number | null>();
  private shared = false;
  private readonly spans = new Map<string, Map<number, AuthSpan[]>>();
  private readonly payments = new Map<number, Map<number, PaymentRef>>();
  private readonly loaded = new Set<string>();

  /**
   * `bulk`: for a large file, read all children, and each period's authorizations and payments, in
   * one query each on first use, instead of one query per provider and child (a Lookup is made
   * per imported file).
   */
  constructor(
    private readonly db: Queryable,
    private readonly bulk = false,
  ) {}

  /** Runs `load` once per key in bulk mode; says whether bulk mode answers (true) or a point query must. */
  private async once(key: string, load: () => Promise<void>): Promise<boolean> {
    if (!this.bulk) return false;
    if (!this.loaded.has(key)) {
      this.loaded.add(key);
      await load();
    }
    return true;
  }

  provider(licenseNumber: string): Promise<ProviderRef | undefined> {
    // Kept for the transaction: the same license (in any case) is the same provider until it writes providers.
    return this.db.cached('provider', licenseKey(licenseNumber), () => this.db.one<ProviderRef>(Q.provider, [licenseNumber]));
  }

  /** The map the point lookups of children use: the transaction's (knownCases), asked for once. */
  private async caseMap(): Promise<Map<string, number | null>> {
    if (!this.bulk && !this.shared) {
      this.children = await knownCases(this.db);
      this.shared = true;
    }
    return this.children;
  }

  period(code: string): Promise<PeriodRow | undefined> {
    return this.db.cached('service_period', `code:${code}`, () => this.db.one<PeriodRow>(Q.periodByCode, [code]));
  }

  periodById(id: number): Promise<PeriodRow | undefined> {
    return this.db.one<PeriodRow>(Q.periodById, [id]);
  }

  /** The payment a file of the provider (its payor now `payorId`) fills in the period. */
  async payment(providerId: number, periodId: number, payorId: number): Promise<PaymentRef | undefined> {
    const bulk = await this.once(`payments|${periodId}`, async () => {
      const byProvider = new Map<number, PaymentRef>();
      for (const r of await this.db.rows<PaymentRef>(Q.paymentsOfPeriod, [periodId])) if (!byProvider.has(r.providerId)) byProvider.set(r.providerId, r);
      this.payments.set(periodId, byProvider);
    });
    if (bulk) return this.payments.get(periodId)!.get(providerId);
    // Kept for the transaction (forgotten by the engine's UPDATE of a payment of this provider and
    // period, and by any other write of payments); chosen for the provider's payor as it was then.
    const key = providerPaymentKey(providerId, periodId);
    const read = async (): Promise<KeptPayment> => ({ payorId, payment: await this.db.one<PaymentRef>(Q.payment, [providerId, periodId]) });
    const kept = await this.db.cached('payment', key, read);
    if (kept.payorId === payorId) return kept.payment;
    const fresh = await read();
    this.db.remember('payment', key, fresh);
    return fresh.payment;
  }

  paymentById(id: number): Promise<PaymentRef | undefined> {
    return this.db.one<PaymentRef>(Q.paymentById, [id]);
  }

  /**
   * The child's id when it is already known (read before, or every child read in bulk mode), null
   * when there is no such child, undefined when `child()` must ask the database: the hot path of a
   * large file stays synchronous.
   */
  knownChild(caseNumber: string): number | null | undefined {
    const id = this.children.get(identifierKey(caseNumber));
    if (id !== undefined) return id;
    return this.bulk && this.loaded.has('children') ? null : undefined;
  }

  async child(caseNumber: string): Promise<number | null> {
    const bulk = await this.once('children', async () => {
      for (const c of await this.db.rows<{ c: string; id: number }>(Q.children)) this.children.set(identifierKey(c.c), c.id);
    });
    const key = identifierKey(caseNumber);
    if (bulk) return this.children.get(key) ?? null;
    const children = await this.caseMap();
    let id = children.get(key);
    if (id === undefined) {
      id = (await this.db.one<{ id: number }>(Q.child, [caseNumber]))?.id ?? null;
      children.set(key, id);
    }
    return id;
  }

  /**
   * Reads the children of these case numbers that are not known yet, in one statement (a
   * submission names each of its children on many days): `child()` then answers from what was read.
   */
  async prefetchChildren(caseNumbers: Iterable<string>): Promise<void> {
    if (this.bulk) return;
    const children = await this.caseMap();
    const wanted = new Map<string, string>();
    for (const c of caseNumbers) {
      const key = identifierKey(c);
      // A text with surrogates (an emoji, or half of one) is left to child(): JSON would carry it differently from a bound value.
      if (!children.has(key) && !wanted.has(key) && !/[\uD800-\uDFFF]/.test(c)) wanted.set(key, c);
    }
    if (wanted.size < 2) return;
    const found = new Map<string, number | null>();
    for (const r of await this.db.rows<{ c: string; id: number | null }>(Q.childrenOf(this.db.dialect), [JSON.stringify([...wanted.values()])])) found.set(r.c, r.id);
    for (const [key, c] of wanted) children.set(key, found.get(c) ?? null);
  }

  /** Each child's authorization spans at the provider that overlap the period. */
  async authorized(providerId: number, period: PeriodRow): Promise<Map<number, AuthSpan[]>> {
    const key = `${providerId}|${period.id}`;
    await this.once(`auths|${period.id}`, async () => {
      const rows = await this.db.rows<AuthSpan & { childId: number; providerId: number }>(Q.authsOfPeriod, [period.endDate, period.startDate]);
      for (const a of rows) {
        const k = `${a.providerId}|${period.id}`;
        let byChild = this.spans.get(k);
        if (!byChild) this.spans.set(k, (byChild = new Map()));
        const list = byChild.get(a.childId);
        if (list) list.push({ start: a.start, end: a.end });
        else byChild.set(a.childId, [{ start: a.start, end: a.end }]);
      }
    });
    let map = this.spans.get(key);
    if (!map && this.bulk) this.spans.set(key, (map = new Map()));
    if (!map) {
      // The same read as the engine's attendance check, kept for the transaction: read once for both.
      map = new Map(await authorizationSpans(this.db, providerId, period.startDate, period.endDate)) as Map<number, AuthSpan[]>;
      this.spans.set(key, map);
    }
    return map;
  }
}

/**
 * Why a child's day does not belong on the payment, or null: the date must be inside the period
 * and inside one of the child's authorizations at the provider.
 */
export function dayProblem(
  date: string,
  spans: AuthSpan[] | undefined,
  period: PeriodRow,
  childField: string,
  childName: string,
  /** The agency's local date: no attendance is recorded for a day after it (DESIGN.md section 4). */
  today: string | null = null,
): { field: string; message: string } | null {
  if (today !== null && date > today) return { field: 'date', message: `${date} is after today (${today}): attendance is recorded for days that have passed` };
  if (date < period.startDate || date > period.endDate) {
    return { field: 'date', message: `${date} is outside the service period ${period.code} (${period.startDate} to ${period.endDate})` };
  }
  if (!spans || spans.length === 0) {
    return { field: childField, message: `${childName} has no authorization at this provider during ${period.code}` };
  }
  if (!spans.some((s) => s.start <= date && date <= s.end)) {
    const list = spans.map((s) => `${s.start} to ${s.end}`).join(', ');
    return { field: 'date', message: `${childName} is not authorized at this provider on ${date} (authorized ${list})` };
  }
  return null;
}
