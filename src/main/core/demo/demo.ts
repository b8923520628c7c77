import fs from 'node:fs';
import path from 'node:path';
import { lastDayOfMonth, addDays } from '../../../shared/domain/dates';
import { routingCheckDigit } from '../../../shared/domain/routing';
import { AGE_GROUPS, DAY_KINDS, PROVIDER_TYPES, type Group, type ProviderType } from '../../../shared/domain/words';
import type { Tx } from '../db/engine/port';
import { Store } from '../db/store';
import { isPostgresUrl } from '../db/engine/url';
import { insertUser } from '../users/users';
import { appendAudit, AUDIT_CHAIN_LOCK, SYSTEM_ACTOR } from '../audit/chain';
import { openAuditTrail } from '../audit/trail';
import { auditKeyFile, pendingKeyFile } from '../audit/key';
import { EXPORT_FOLDER_KEY } from '../reference/agency';
import { setSetting } from '../settings/settings';
import { demoExportRoot } from './exports';
import { Random } from './random';
import { CENTER_WORDS, CITIES, FIRST_NAMES, LAST_NAMES, STREETS } from './names';
import { intakeDemoStage } from './stages';
import { formatMonth } from '../../../shared/format';

export const DEMO_SCALES = {
  S: { providers: 40, childrenPerProvider: 8 },
  M: { providers: 500, childrenPerProvider: 8 },
  L: { providers: 5000, childrenPerProvider: 8 },
} as const;
export type DemoScale = keyof typeof DEMO_SCALES;

export const DEMO_YEAR = 2026;
export const DEMO_PASSWORD = 'demo1234';
/**
 * scrypt (N = 2^17) of the demo's published password with a fixed salt, made once: every demo
 * user has it, and a build spends no second on hashing a password everyone knows. A test checks
 * that it is the hash of DEMO_PASSWORD at today's settings.
 */
export const DEMO_PASSWORD_HASH = 'scrypt$131072$8$1$UGF5RGVzayBkZW1vIHB3IQ==$p8rTX+MJvwGO9Z+8x/wAUuFk9FQ/NkwNKGxwSxAFomM=';
export const DEMO_USERS: Array<{ username: string; displayName: string; groups: Group[]; provider?: true }> = [
  { username: 'admin', displayName: 'Alex Admin', groups: ['Administrator'] },
  { username: 'approver', displayName: 'Avery Approver', groups: ['Approver'] },
  { username: 'approver2', displayName: 'Blake Approver', groups: ['Approver'] },
  { username: 'payor', displayName: 'Pat Payor', groups: ['Payor'] },
  { username: 'finance', displayName: 'Fran Finance', groups: ['Approver', 'Payor'] },
  { username: 'provider', displayName: 'Provider Portal User', groups: ['Provider'], provider: true },
];

/** The agency's maximum daily rates (cents) by provider type, age group and day kind, from 2026-01-01. */
const MAX_RATES: Record<ProviderType, Record<(typeof AGE_GROUPS)[number], [full: number, part: number]>> = {
  center: { infant: [6800, 4100], toddler: [6200, 3700], preschool: [5400, 3200], school_age: [4200, 2500] },
  family_home: { infant: [5600, 3400], toddler: [5200, 3100], preschool: [4800, 2900], school_age: [3800, 2300] },
  group_home: { infant: [6000, 3600], toddler: [5600, 3400], preschool: [5000, 3000], school_age: [4000, 2400] },
};

export interface DemoOptions {
  file: string;
  seed: number;
  scale: DemoScale;
  now: Date;
  onProgress?: (done: number, total: number, message: string) => void;
}

export interface DemoSummary {
  file: string;
  providers: number;
  children: number;
  authorizations: number;
  periods: number;
  users: string[];
  password: string;
}

/** Hooks later features add to spread the demo over every workflow state. Each runs with the store open. */
export const DEMO_STAGES: Array<(store: Store, options: DemoOptions, rnd: Random) => Promise<void>> = [];
DEMO_STAGES.push(intakeDemoStage); // payments generated, spread over every state and exported, period by period (issue 4)

/**
 * Builds a realistic, deterministic demo database. Refuses to touch an existing file. It is built
 * under a temporary name beside the file and appears under its own name only once complete, so a
 * build that is killed half-way never leaves a file that opens as a normal database.
 */
export async function buildDemoDatabase(options: DemoOptions): Promise<DemoSummary> {
  // A PostgreSQL database (the caller checked that it is empty) is built in place: no file to
  // rename, and PayDesk never removes a database (a failed build is dropped by the DBA).
  const postgres = isPostgresUrl(options.file);
  if (!postgres && fs.existsSync(options.file)) throw new Error(`${options.file} already exists`);
  const building = postgres ? options.file : `${options.file}.building`;
  if (!postgres) removeDatabaseFiles(building); // what a killed build left
  else fs.mkdirSync(path.dirname(auditKeyFile(building)), { recursive: true }); // the key's place in the data folder
  const store = await Store.open(building, { create: true });
  let summary: DemoSummary;
  try {
    const rnd = new Random(options.seed);
    const at = options.now.toISOString();
    summary = await store.run(({ db }) => seedReferenceData(db, options, rnd, at));
    // Its audit trail is keyed like any database's: sealed once the providers are in, so the seal's
    // bank-detail baselines cover them (the key file is beside the file being built, and moves with it).
    await openAuditTrail(store.db, building, { at });
    await store.run(({ db }) => seedUsers(db, at, DEMO_USERS.map(() => DEMO_PASSWORD_HASH)), { locks: [AUDIT_CHAIN_LOCK] });
    for (const stage of DEMO_STAGES) await stage(store, options, rnd);
  } catch (err) {
    await store.close();
    if (!postgres) removeDatabaseFiles(building);
    throw err;
  }
  await store.close();
  if (postgres) return summary;
  // Closing the last connection checkpoints the WAL into the file; link() refuses to replace a
  // file that appeared meanwhile, where rename() would silently overwrite it.
  // The key first: the database never appears without its key (a stale key of a deleted file is replaced).
  fs.renameSync(auditKeyFile(building), auditKeyFile(options.file));
  fs.linkSync(building, options.file);
  removeDatabaseFiles(building);
  return summary;
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(auditKeyFile(file), { force: true });
  fs.rmSync(pendingKeyFile(auditKeyFile(file)), { force: true });
}

function validRouting(rnd: Random): string {
  // Real-looking Federal Reserve prefixes (01–12), then a valid check digit.
  const first8 = String(rnd.int(1, 12)).padStart(2, '0') + rnd.digits(6);
  return first8 + String(routingCheckDigit(first8));
}

async function seedReferenceData(tx: Tx, o: DemoOptions, rnd: Random, at: string): Promise<DemoSummary> {
  const scale = DEMO_SCALES[o.scale];
  await setSetting(tx, 'workflow.autoDenyDays', 30);
  // The demo's export batches go beside it, apart from a real database's exports in the same folder.
  await setSetting(tx, EXPORT_FOLDER_KEY, demoExportRoot(o.file));

  await tx.run(`INSERT INTO payor (id, code, name, kind) VALUES (1, 'AGENCY', 'Agency (direct pay)', 'direct')`);
  await tx.run(`INSERT INTO payor (id, code, name, kind) VALUES (2, 'FALLING_COLORS', 'Falling Colors', 'third_party')`);

  for (let m = 1; m <= 12; m++) {
    const start = `${DEMO_YEAR}-${String(m).padStart(2, '0')}-01`;
    const label = formatMonth(start);
    await tx.run(`INSERT INTO service_period (code, label, start_date, end_date) VALUES (?, ?, ?, ?)`, [start.slice(0, 7), label, start, lastDayOfMonth(DEMO_YEAR, m)]);
  }

  const maxRates = tx.bulkInsert('max_rate', ['provider_type', 'age_group', 'day_kind', 'effective_from', 'cents']);
  for (const type of PROVIDER_TYPES) {
    for (const age of AGE_GROUPS) {
      DAY_KINDS.forEach((kind, k) => {
        const cents = MAX_RATES[type][age][k];
        maxRates.add(type, age, kind, `${DEMO_YEAR}-01-01`, cents);
        // A new rate table from July: 4% higher, rounded to the dime.
        maxRates.add(type, age, kind, `${DEMO_YEAR}-07-01`, Math.round((cents * 1.04) / 10) * 10);
      });
    }
  }
  await maxRates.flush();

  // Many rows to a statement: the demo at scale L writes some 100,000 reference rows. A batch of
  // authorizations may go in before the batch holding their provider: the foreign keys are
  // checked at the commit (the pragma ends with this transaction).
  await tx.deferForeignKeys();
  const providers = tx.bulkInsert('provider', [
    'id', 'name', 'license_number', 'type', 'tax_id', 'address_line1', 'city', 'state', 'postal_code', 'contact_name', 'contact_email',
    'contact_phone', 'payor_id', 'payment_method', 'routing_number', 'account_number', 'account_type', 'account_holder', 'active',
    'created_at', 'updated_at',
  ]);
  const rates = tx.bulkInsert('provider_rate', ['provider_id', 'age_group', 'day_kind', 'effective_from', 'cents']);
  const children = tx.bulkInsert('child', ['id', 'case_number', 'first_name', 'last_name', 'birth_date', 'guardian_name', 'created_at', 'updated_at']);
  const auths = tx.bulkInsert('authorization', [
    'child_id', 'provider_id', 'start_date', 'end_date', 'care_level', 'days_per_week', 'copay_cents', 'created_at', 'updated_at',
  ]);

  let childId = 0;
  let authorizations = 0;
  for (let p = 1; p <= scale.providers; p++) {
    const typeRoll = rnd.next();
    const type: ProviderType = typeRoll < 0.4 ? 'center' : typeRoll < 0.85 ? 'family_home' : 'group_home';
    const owner = `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`;
    const name =
      type === 'center'
        ? `${rnd.pick(CENTER_WORDS)} Learning Center ${p}`
        : type === 'family_home'
          ? `${owner} Family Child Care`
          : `${rnd.pick(CENTER_WORDS)} Group Home ${p}`;
    const [city, zip] = rnd.pick(CITIES);
    const method = rnd.chance(0.85) ? 'ach' : 'check';
    // The draws in this order (the seed's sequence): tax id, address, phone, payor, bank details.
    const taxId = `${rnd.digits(2)}-${rnd.digits(7)}`;
    const address = `${rnd.int(10, 9999)} ${rnd.pick(STREETS)}`;
    const phone = `217-555-${rnd.digits(4)}`;
    const payorId = rnd.chance(0.8) ? 1 : 2;
    const routing = method === 'ach' ? validRouting(rnd) : null;
    const account = method === 'ach' ? rnd.digits(rnd.int(8, 12)) : null;
    const accountType = method === 'ach' ? (rnd.chance(0.85) ? 'checking' : 'savings') : null;
    // Family homes often bank with a personal account (PPD entries); centers with a business one (CCD).
    const holder = method === 'ach' ? (type === 'family_home' && rnd.chance(0.7) ? 'personal' : 'business') : null;
    providers.add(p, name, `LIC-${String(100000 + p)}`, type, taxId, address, city, 'IL', zip, owner, `provider${p}@example.org`, phone, payorId,
      method, routing, account, accountType, holder, 1, at, at);
    if (rnd.chance(0.5)) {
      // Some providers charge private-pay rates below the agency maximum, some above it.
      const factor = rnd.pick([0.85, 0.92, 1.05, 1.15]);
      for (const age of AGE_GROUPS) {
        DAY_KINDS.forEach((kind, k) => {
          rates.add(p, age, kind, `${DEMO_YEAR}-01-01`, Math.round((MAX_RATES[type][age][k] * factor) / 10) * 10);
        });
      }
    }
    for (let c = 0; c < scale.childrenPerProvider; c++) {
      childId += 1;
      // Ages from infants to school-age children at the start of the year.
      const birth = addDays(`${DEMO_YEAR}-01-01`, -rnd.int(60, 365 * 10));
      children.add(
        childId,
        `CASE-${String(childId).padStart(7, '0')}`,
        rnd.pick(FIRST_NAMES),
        rnd.pick(LAST_NAMES),
        birth,
        `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`,
        at,
        at,
      );
      const startMonth = rnd.chance(0.75) ? 1 : rnd.int(2, 10);
      const start = `${DEMO_YEAR}-${String(startMonth).padStart(2, '0')}-${rnd.chance(0.8) ? '01' : String(rnd.int(2, 20)).padStart(2, '0')}`;
      const fullTime = rnd.chance(0.7);
      auths.add(
        childId,
        p,
        start,
        `${DEMO_YEAR}-12-31`,
        fullTime ? 'full_time' : 'part_time',
        fullTime ? 5 : rnd.int(2, 4),
        rnd.pick([0, 0, 2500, 5000, 7500, 12000]),
        at,
        at,
      );
      authorizations += 1;
    }
    if (o.onProgress && p % 500 === 0) o.onProgress(p, scale.providers, 'providers');
  }
  for (const table of [providers, rates, children, auths]) await table.flush();
  // Payors, providers and children went in with ids of their own: the next ids follow them (PostgreSQL).
  for (const table of ['payor', 'provider', 'child']) await tx.syncIds(table);

  return {
    file: o.file,
    providers: scale.providers,
    children: childId,
    authorizations,
    periods: 12,
    users: DEMO_USERS.map((u) => u.username),
    password: DEMO_PASSWORD,
  };
}

async function seedUsers(tx: Tx, at: string, hashes: string[]): Promise<void> {
  for (const [i, u] of DEMO_USERS.entries()) {
    const id = await insertUser(
      tx,
      { username: u.username, displayName: u.displayName, passwordHash: hashes[i], groups: u.groups, providerId: u.provider ? 1 : null },
      at,
    );
    await appendAudit(tx, { actor: SYSTEM_ACTOR, at, entity: 'user', entityId: id, action: 'create-user', after: { username: u.username, groups: u.groups } });
  }
}
