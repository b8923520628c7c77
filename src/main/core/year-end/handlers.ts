import { AppError } from '../../../shared/api/errors';
import type { ProviderTaxView } from '../../../shared/api/contract/year-end';
import type { SessionUser } from '../../../shared/api/contract/session';
import { tinForViewer } from '../../../shared/year-end/tin';
import { appendAudit, actorFor, AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { Queryable } from '../db/engine/port';
import type { HandlerImpls } from '../registry';
import { loadProvider, providerTaxUpdatedAt, readFiling, readTaxYear, saveProviderTax, writeSetting, writeTaxYear, YEAR_END_KEYS } from './db';
import type { ProviderForYearEnd } from './model';
import { maskedTaxData } from './audit';
import { generate, makeCorrections, markFiled, review } from './service';

// The year-end's handlers (issue #17): thin; the work is in service.ts and db.ts.

const isAdministrator = (u: SessionUser | null) => !!u && u.groups.includes('Administrator');

function taxView(p: ProviderForYearEnd, viewer: SessionUser | null, updatedAt: string | null): ProviderTaxView {
  const admin = isAdministrator(viewer);
  return {
    providerId: p.id,
    providerName: p.name,
    tinType: p.tin ? p.tinType : null,
    tin: tinForViewer(p.tinType, p.tin, admin),
    tinMasked: !admin && !!p.tin,
    legalName: p.legalName,
    w9ReceivedOn: p.w9ReceivedOn,
    exemptReason: p.exemptReason,
    updatedAt,
  };
}

async function providerOr404(db: Queryable, providerId: number): Promise<ProviderForYearEnd> {
  const p = await loadProvider(db, providerId);
  if (!p) throw new AppError({ code: 'NOT_FOUND', field: 'providerId', message: `There is no provider ${providerId}.` });
  return p;
}

async function settingsView(db: Queryable, year: number) {
  const tax = await readTaxYear(db, year);
  const { filing, problems } = await readFiling(db);
  return {
    settings: { ...tax.settings, thresholdIndexed: tax.thresholdIndexed, formBoxSet: tax.formBoxSet, thresholdSet: tax.thresholdSet },
    filing,
    missingSettings: problems,
  };
}

type YearEndHandlers =
  | 'year-end-review'
  | 'year-end-generate'
  | 'year-end-mark-filed'
  | 'year-end-corrections'
  | 'year-end-settings-get'
  | 'year-end-settings-save'
  | 'provider-tax-get'
  | 'provider-tax-save';

export const yearEndHandlers: HandlerImpls<YearEndHandlers> = {
  'year-end-review': (args, ctx) => ctx.store.read(({ db }) => review(db, args.taxYear, isAdministrator(ctx.caller))),

  'year-end-generate': (args, ctx) => generate(ctx, args.taxYear),

  'year-end-mark-filed': (args, ctx) => markFiled(ctx, args.taxYear),

  'year-end-corrections': (args, ctx) => makeCorrections(ctx, args.taxYear),

  'year-end-settings-get': (args, ctx) => ctx.store.read(({ db }) => settingsView(db, args.taxYear)),

  'year-end-settings-save': (args, ctx) =>
    ctx.store.run(async ({ db }) => {
      const before = await settingsView(db, args.taxYear);
      await writeTaxYear(db, args.taxYear, { formBox: args.formBox, thresholdCents: args.thresholdCents });
      if (args.filing) await writeSetting(db, YEAR_END_KEYS.filing, args.filing);
      const after = await settingsView(db, args.taxYear);
      await appendAudit(db, {
        actor: actorFor(ctx.caller!),
        at: ctx.now().toISOString(),
        entity: 'year_end',
        entityId: args.taxYear,
        action: 'save-year-end-settings',
        before: { formBox: before.settings.formBox, thresholdCents: before.settings.thresholdCents, filing: before.filing },
        after: { formBox: after.settings.formBox, thresholdCents: after.settings.thresholdCents, filing: after.filing },
      });
      return after;
    }, { locks: [AUDIT_CHAIN_LOCK] }),

  'provider-tax-get': (args, ctx) =>
    ctx.store.read(async ({ db }) => taxView(await providerOr404(db, args.providerId), ctx.caller, await providerTaxUpdatedAt(db, args.providerId))),

  'provider-tax-save': (args, ctx) =>
    ctx.store.run(async ({ db }) => {
      const before = await providerOr404(db, args.providerId);
      const v = { ...args.tax };
      if (args.keepTin) {
        if (args.tax.tin !== null || args.tax.tinType !== null) {
          throw new AppError({ code: 'BAD_REQUEST', field: 'tin', message: 'Either keep the TIN on file or give a new one, not both.' });
        }
        v.tin = before.tin;
        v.tinType = before.tin ? before.tinType : null;
        if (v.tin && !v.legalName) {
          throw new AppError({ code: 'BAD_REQUEST', field: 'legalName', message: 'legalName: is required with a TIN (the name on line 1 of the W-9)' });
        }
      }
      const at = ctx.now().toISOString();
      const after: ProviderForYearEnd = { ...before, ...v };
      const was = maskedTaxData(before);
      const now = maskedTaxData(after);
      // A TIN changed to another with the same last four digits still shows as a change.
      const tinChanged = before.tin !== after.tin || before.tinType !== after.tinType;
      if (JSON.stringify(was) !== JSON.stringify(now) || tinChanged) {
        await saveProviderTax(db, args.providerId, v, at);
        await appendAudit(db, {
          actor: actorFor(ctx.caller!),
          at,
          entity: 'provider',
          entityId: args.providerId,
          action: 'save-tax-data',
          before: was,
          after: now,
          details: tinChanged ? { tinChanged: true } : undefined,
        });
      }
      return taxView(after, ctx.caller, await providerTaxUpdatedAt(db, args.providerId));
    }, { locks: [AUDIT_CHAIN_LOCK] }),
};
