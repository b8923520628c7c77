import { maskAccount } from '../../../shared/domain/routing';
import type { ProviderRow } from '../../../shared/api/contract/reference';
import type { HandlerImpls } from '../registry';
import { orderBy, likePattern } from '../db/paging';
import type { Value } from '../db/engine/port';
import { agencyHandlers } from './agency';
import { authorizationHandlers } from './authorizations';
import { childHandlers } from './children';
import { importHandlers } from './imports/handlers';
import { periodHandlers } from './periods';
import { providerHandlers } from './providers';
import { rateHandlers } from './rates';
import { settingsHandlers } from './settings-admin';

const PROVIDER_SORT: Record<string, string> = {
  name: 'p.name',
  licenseNumber: 'p.license_number',
  type: 'p.type',
  payorName: 'y.name',
  paymentMethod: 'p.payment_method',
  city: 'p.city',
  active: 'p.active',
};

const listHandlers: HandlerImpls<'periods-list' | 'payors-list' | 'providers-list'> = {
  'periods-list': (_args, ctx) =>
    ctx.store.read(({ db }) => db.rows(`SELECT id, code, label, start_date AS startDate, end_date AS endDate FROM service_period ORDER BY start_date DESC`) as never),

  'payors-list': (_args, ctx) => ctx.store.read(({ db }) => db.rows(`SELECT id, code, name, kind FROM payor ORDER BY name`) as never),

  'providers-list': (args, ctx) =>
    ctx.store.read(async ({ db }) => {
      const where: string[] = [];
      const params: Record<string, Value> = {};
      // A Provider-group user sees their own provider only.
      if (ctx.caller?.groups.includes('Provider') && ctx.caller.providerId) {
        where.push('p.id = @own');
        params.own = ctx.caller.providerId;
      }
      if (args.search) {
        where.push(`(p.name LIKE @q ESCAPE '\\' OR p.license_number LIKE @q ESCAPE '\\')`);
        params.q = likePattern(args.search);
      }
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // A text without @names takes no values by name (PostgreSQL's dialect refuses them).
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM provider p ${whereSql}`, where.length ? params : []))!.n;
      const rows = await db.rows<
        Omit<ProviderRow, 'accountMasked' | 'active' | 'bankChangePending'> & { accountNumber: string | null; active: number; bankChangePending: number }
      >(
        `SELECT p.id, p.name, p.license_number AS licenseNumber, p.type, p.payor_id AS payorId, y.name AS payorName,
             p.payment_method AS paymentMethod, p.account_number AS accountNumber, p.city, p.active,
             p.bank_change_pending AS bankChangePending
           FROM provider p JOIN payor y ON y.id = p.payor_id ${whereSql}
           ${orderBy(args.sort, PROVIDER_SORT, 'p.name')}, p.id
           LIMIT @limit OFFSET @offset`,
        { ...params, limit: args.pageSize, offset: args.page * args.pageSize },
      );
      return {
        total,
        rows: rows.map(({ accountNumber, active, bankChangePending, ...r }) => ({
          ...r,
          active: active === 1,
          bankChangePending: bankChangePending === 1,
          accountMasked: maskAccount(accountNumber),
        })),
      };
    }),
};

/** Every reference-data handler: features.ts registers this one map. */
export const referenceHandlers = {
  ...listHandlers,
  ...providerHandlers,
  ...rateHandlers,
  ...childHandlers,
  ...authorizationHandlers,
  ...settingsHandlers,
  ...periodHandlers,
  ...agencyHandlers,
  ...importHandlers,
};
