import { createHash } from 'node:crypto';
import type { Tx } from '../db/engine/port';
import type { ErrorIssue } from '../../../shared/api/errors';
import type { SessionUser } from '../../../shared/api/contract/session';
import { checkSubmission, headerIssue, jsonErrorWhere, rowIssue, type SubmissionCheck } from '../../../shared/intake/submission';
import { SYSTEM_ACTOR } from '../audit/chain';
import { applyAction, type AttendanceInput, type ItemState } from '../workflow/engine';
import { agencyToday } from '../settings/today';
import { textFileProblem } from '../../../shared/domain/text-file';
import { invalidFile } from './errors';
import { dayProblem, Lookup, type PaymentRef, type PeriodRow } from './lookup';

// Import of a digital submission file (docs/formats/submission-v1.md): Submit for payment, then
// Parent signature, through the workflow engine as the System on the provider's behalf. All or
// nothing: call inside one write transaction; any problem throws INVALID_FILE listing them all.

export interface SubmissionOutcome {
  fileName: string;
  status: 'imported' | 'already-imported';
  paymentId: number;
  days: number;
  state: ItemState | null;
  message: string;
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

interface Resolved {
  payment: PaymentRef;
  period: PeriodRow;
  rows: AttendanceInput[];
  check: SubmissionCheck;
}

/** The database checks: provider, period, payment, children and their authorizations, day by day. */
async function resolve(db: Tx, check: SubmissionCheck, user: SessionUser | null, now: string): Promise<Resolved | ErrorIssue[]> {
  const today = await agencyToday(db, now);
  const lookup = new Lookup(db);
  const issues = [...check.issues];
  const provider = check.licenseNumber ? await lookup.provider(check.licenseNumber) : undefined;
  if (check.licenseNumber && !provider) issues.push(headerIssue('licenseNumber', `there is no provider with license number ${check.licenseNumber}`));
  const providerOnly = user && user.groups.includes('Provider') && !user.groups.includes('Approver');
  if (provider && providerOnly && provider.id !== user.providerId) {
    issues.push(headerIssue('licenseNumber', `${check.licenseNumber} is not your provider: you may import only your own submissions`));
  }
  const period = check.period ? await lookup.period(check.period) : undefined;
  if (check.period && !period) issues.push(headerIssue('period', `there is no service period ${check.period}`));
  const payment = provider && period ? await lookup.payment(provider.id, period.id, provider.payorId) : undefined;
  if (provider && period && !payment) {
    issues.push(headerIssue('period', `there is no payment for ${provider.licenseNumber} in ${period.code} yet: generate the period's payments first`));
  }
  if (period && check.providerSignedAt && check.providerSignedAt.slice(0, 10) < period.startDate) {
    issues.push(headerIssue('providerSignedAt', `the provider signed on ${check.providerSignedAt.slice(0, 10)}, before ${period.code} began`));
  }
  // A signature cannot be dated in the future (the order of the two is checkSubmission's).
  const signed = (at: string | null | undefined) => (at ? Date.parse(at) : NaN);
  if (signed(check.providerSignedAt) > Date.parse(now)) {
    issues.push(headerIssue('providerSignedAt', `${check.providerSignedAt} is in the future (it is now ${now})`));
  }
  if (signed(check.parentSignedAt) > Date.parse(now)) {
    issues.push(headerIssue('parentSignedAt', `${check.parentSignedAt} is in the future (it is now ${now}): the received date would be in the future`));
  }
  const spans = provider && period ? await lookup.authorized(provider.id, period) : undefined;
  const rows: AttendanceInput[] = [];
  await lookup.prefetchChildren(check.days.map((d) => d.caseNumber));
  for (const day of check.days) {
    const childId = await lookup.child(day.caseNumber);
    if (childId === null) {
      issues.push(rowIssue(day.row, 'caseNumber', `there is no child with case number ${day.caseNumber}`));
      continue;
    }
    if (!period) continue;
    const problem = spans
      ? dayProblem(day.date, spans.get(childId), period, 'caseNumber', day.caseNumber, today)
      : dayProblem(day.date, [{ start: period.startDate, end: period.endDate }], period, 'caseNumber', day.caseNumber, today);
    if (problem) issues.push(rowIssue(day.row, problem.field, problem.message));
    else rows.push({ childId, date: day.date, hours: day.hours, absenceCode: day.absenceCode });
  }
  if (issues.length > 0 || !payment || !period) return issues;
  return { payment, period, rows, check };
}

/** For a file the parent signed after an earlier provider-only import: it must be that same attendance. */
async function sameAsStored(db: Tx, paymentId: number, rows: AttendanceInput[]): Promise<boolean> {
  const stored = await db.rows<AttendanceInput>(`SELECT child_id AS childId, date, hours, absence_code AS absenceCode FROM attendance WHERE payment_id = ?`, [
    paymentId,
  ]);
  if (stored.length !== rows.length) return false;
  const key = (r: AttendanceInput) => `${r.childId}|${r.date}|${r.hours}|${r.absenceCode}`;
  const mine = new Set(rows.map(key));
  return stored.every((r) => mine.has(key(r)));
}

/**
 * Imports one submission file. The same content twice is a no-op the second time (its hash is
 * kept in submission_import). Call inside one write transaction (locks: audit-chain).
 */
export async function importSubmission(
  { db }: { db: Tx },
  file: { fileName: string; content: string },
  user: SessionUser | null,
  now: string,
): Promise<SubmissionOutcome> {
  const hash = contentHash(file.content);
  const done = await db.one<{ paymentId: number }>(`SELECT payment_id AS paymentId FROM submission_import WHERE content_hash = ?`, [hash]);
  if (done) {
    return { fileName: file.fileName, status: 'already-imported', paymentId: done.paymentId, days: 0, state: null, message: `${file.fileName} was already imported (payment ${done.paymentId}); nothing changed.` };
  }
  const notText = textFileProblem(file.content);
  if (notText) throw invalidFile(file.fileName, [headerIssue('file', notText)]);
  let raw: unknown;
  try {
    raw = JSON.parse(file.content.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = (err as Error).message;
    const where = jsonErrorWhere(file.content, why);
    throw invalidFile(file.fileName, [headerIssue('file', `is not valid JSON${where ? ` (${where})` : ''}: ${why}`)]);
  }
  const resolved = await resolve(db, checkSubmission(raw), user, now);
  if (Array.isArray(resolved)) throw invalidFile(file.fileName, resolved);
  const { payment, period, rows, check } = resolved;

  const details = { file: file.fileName, contentHash: hash, importedBy: user?.username ?? 'system' };
  const attendance = { rows, source: 'digital' as const };
  const act = async (action: 'submit-for-payment' | 'parent-signature' | 'submit-corrections', extra: object) =>
    (await applyAction(db, { paymentId: payment.id, action, actor: SYSTEM_ACTOR, user, details, ...extra }, now)).after;
  let state: ItemState;
  let what: string;
  if (payment.invoiceStatus === 'Corrections Required') {
    state = await act('submit-corrections', { attendance });
    what = 'corrections submitted';
  } else if (payment.submissionStatus === 'Ready for Parent' && check.parentSignedAt) {
    // The parent has now signed what the provider submitted before: the days must be the same.
    const sameSigner = payment.providerSignedAt && Date.parse(payment.providerSignedAt) === Date.parse(check.providerSignedAt!);
    if (!sameSigner || !(await sameAsStored(db, payment.id, rows))) {
      throw invalidFile(file.fileName, [
        headerIssue('parentSignedAt', `payment ${payment.id} is waiting for the parent to sign the provider's submission of ${payment.providerSignedAt}; this file holds a different submission`),
      ]);
    }
    state = await act('parent-signature', { signedAt: check.parentSignedAt });
    what = 'parent signature added';
  } else {
    state = await act('submit-for-payment', { attendance, signedAt: check.providerSignedAt! });
    what = 'submitted by the provider';
    if (check.parentSignedAt) {
      state = await act('parent-signature', { signedAt: check.parentSignedAt });
      what = 'submitted and signed by the parent';
    }
  }
  await db.run(`INSERT INTO submission_import (content_hash, file_name, payment_id, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)`, [
    hash, file.fileName, payment.id, now, user && user.id > 0 ? user.id : null]);
  return {
    fileName: file.fileName,
    status: 'imported',
    paymentId: payment.id,
    days: rows.length,
    state,
    message: `${file.fileName}: ${rows.length} days for ${check.licenseNumber} in ${period.code}, ${what}; payment ${payment.id} is ${state.submissionStatus} / ${state.paymentStatus}.`,
  };
}
