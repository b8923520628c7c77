import type { HandlerImpls } from '../registry';
import { paymentDetail, paymentHistory } from './detail';
import { VIEW_ROWS_MAX } from '../../../shared/api/contract/payments';
import { providerPayments } from './provider-history';
import { listPayments, tabCounts, tabTotals, viewNeighbours, viewRows } from './queries';

// Reads for the tabs and the Invoice Details screen. A Provider-group user gets only their
// provider's items (and NOT_FOUND for any other id).
export const paymentsHandlers: HandlerImpls<'payments-list' | 'payments-view-rows' | 'payments-tab-counts' | 'payments-tab-totals' | 'payments-neighbours' | 'payments-get' | 'payments-history' | 'provider-payments'> = {
  'payments-list': (args, ctx) => ctx.store.read(({ db }) => listPayments(db, args, ctx.caller)),
  'payments-view-rows': (args, ctx) => ctx.store.read(({ db }) => viewRows(db, args, ctx.caller, VIEW_ROWS_MAX).then((rows) => ({ rows }))),
  'payments-tab-counts': (args, ctx) => ctx.store.read(({ db }) => tabCounts(db, args, ctx.caller)),
  'payments-tab-totals': (args, ctx) => ctx.store.read(({ db }) => tabTotals(db, args, ctx.caller)),
  'payments-neighbours': (args, ctx) => ctx.store.read(({ db }) => viewNeighbours(db, args, ctx.caller)),
  'payments-get': (args, ctx) =>
    ctx.store.read(({ db }) => paymentDetail(db, args.paymentId, ctx.caller!, ctx.now().toISOString())),
  'payments-history': (args, ctx) => ctx.store.read(({ db }) => paymentHistory(db, args.paymentId, ctx.caller!)),
  'provider-payments': (args, ctx) => ctx.store.read(({ db }) => providerPayments(db, args.providerId, ctx.caller)),
};
