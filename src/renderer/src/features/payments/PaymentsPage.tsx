import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { PageProps } from '../../pages';
import { ServerDataGrid, type GridView, type ServerDataGridApi } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { toCsv } from '../../components/csv';
import { downloadText } from '../../components/download';
import { useNotify } from '../../components/Notifier';
import { currentQuery, navigate, replaceQuery, useRouteQuery } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { usePeriod } from '../shell/PeriodContext';
import { TAB_RULES, type Tab } from '../../../../shared/workflow/tabs';
import type { PaymentRow, TabTotal } from '../../../../shared/api/contract/payments';
import type { PageQuery } from '../../../../shared/api/common';
import { formatAmount, paymentCsvColumns, paymentGridColumns, paymentGridColumnsNoBatchLink, paymentGridSx } from './columns';
import { BATCH_GROUPS } from '../exports/batchAccess';
import { useColumnChoices } from './useColumnChoices';
import { PaymentTabs } from './PaymentTabs';
import { PaymentFilters } from './PaymentFilters';
import { BulkToolbar, type WholeView } from './BulkToolbar';
import { IntakeActions, GenerateButton } from './IntakeActions';
import { fetchPaymentsPage, fetchWholeView, paymentKeys, useTabTotals, type PaymentFilters as Filters } from './queries';
import { viewFromQuery, viewToQuery, type ListView } from './view';
import { ViewsMenu } from './ViewsMenu';
import { InvoiceDetailsPage } from './details/InvoiceDetailsPage';
import { ExportButton } from '../exports/ExportButton';

const LIST_KEY = 'paydesk.paymentsView';
/** #/payments?<view>: the five tabs; #/payments/<id>?<view>: Invoice Details, along the view. */
export function PaymentsPage(props: PageProps) {
  const id = Number(props.route[0]);
  if (props.route[0] && Number.isSafeInteger(id) && id > 0) return <InvoiceDetailsPage id={id} user={props.user} />;
  return <PaymentsList {...props} />;
}

/**
 * The list's view (tab, search, filters, sort, page) lives in the address: Back from Invoice
 * Details, a reload and a second window show the same rows. An address without a view (the
 * navigation's link) opens the last view of this window.
 */
function useListView(): [ListView, (patch: Partial<ListView>) => void] {
  const text = useRouteQuery();
  useEffect(() => {
    if (text === '') {
      const last = sessionStorage.getItem(LIST_KEY);
      if (last) replaceQuery(new URLSearchParams(last));
    } else sessionStorage.setItem(LIST_KEY, text);
  }, [text]);
  const view = useMemo(() => viewFromQuery(text === '' ? (sessionStorage.getItem(LIST_KEY) ?? '') : text), [text]);
  // From the address as it is now: two changes in a row (a tab, then a filter) both count.
  const update = useCallback((patch: Partial<ListView>) => {
    const now = currentQuery();
    replaceQuery(viewToQuery({ ...viewFromQuery(now === '' ? (sessionStorage.getItem(LIST_KEY) ?? '') : now), ...patch }));
  }, []);
  return [view, update];
}

function PaymentsList({ user }: PageProps) {
  const { period } = usePeriod();
  const [view, setView] = useListView();
  const tab = view.tab;
  const filters = useMemo<Filters>(
    () => ({ paymentStatus: view.paymentStatus, subStatus: view.subStatus, kind: view.kind }),
    // The same object while the filters are the same (the grid's data key).
    [view.paymentStatus.join(), view.subStatus.join(), view.kind],
  );
  const setFilters = useCallback((f: Filters) => setView({ paymentStatus: f.paymentStatus ?? [], subStatus: f.subStatus ?? [], kind: f.kind, page: 0 }), [setView]);
  const grid = useRef<ServerDataGridApi<PaymentRow>>(null);
  const setTab = (t: Tab) => {
    // The clicked tab's rows start loading now, while the page renders the switch.
    if (period) grid.current?.prefetch(paymentKeys.list(period.id, t, filters), (q) => fetchPaymentsPage({ ...q, ...filters, periodId: period.id, tab: t }));
    setView({ tab: t, page: 0 });
  };
  const gridView = useMemo<GridView>(
    () => ({ page: view.page, pageSize: view.pageSize, sort: view.sort, search: view.search }),
    [view.page, view.pageSize, JSON.stringify(view.sort), view.search],
  );
  const onGridView = useCallback((g: GridView) => setView(g), [setView]);
  const [columns, setColumns] = useColumnChoices(tab);
  const [selected, setSelected] = useState<PaymentRow[]>([]);
  // What the grid shows (the page's rows, how many the view holds), read when the user exports
  // or selects (kept in refs: no re-render per page).
  const shown = useRef<{ rows: PaymentRow[]; total: number }>({ rows: [], total: 0 });
  const onRowsChange = useCallback((rows: PaymentRow[], total: number) => {
    shown.current = { rows, total };
  }, []);
  const [clearSignal, setClearSignal] = useState(0);
  const [exporting, setExporting] = useState(false);
  const totals = useTabTotals(period?.id, filters, view.search);
  const counts = useMemo(
    () => (totals.data ? (Object.fromEntries(Object.entries(totals.data).map(([t, v]) => [t, v.count])) as Record<Tab, number>) : undefined),
    [totals.data],
  );
  const notify = useNotify();
  const onSelectionChange = useCallback((_ids: unknown, rows: PaymentRow[]) => setSelected(rows), []);
  const filtered = (filters.paymentStatus?.length ?? 0) > 0 || (filters.subStatus?.length ?? 0) > 0 || !!filters.kind;
  const approver = user.groups.includes('Approver');

  const fetchPage = useCallback(
    (q: Required<PageQuery>) => fetchPaymentsPage({ ...q, ...filters, periodId: period!.id, tab }),
    [filters, period, tab],
  );
  const queryKey = useMemo(() => paymentKeys.list(period?.id ?? 0, tab, filters), [period, tab, filters]);

  if (!period) {
    return <EmptyState title="No service periods yet" hint="An administrator defines the service periods in Settings." />;
  }

  // The whole view (every page of the tab as filtered, searched and sorted), as the grid shows it.
  const exportCsv = async () => {
    const name = `payments-${period.code}-${tab.replace(/\s+/g, '-').toLowerCase()}.csv`;
    if (shown.current.total === 0) return notify('info', 'Nothing to export: this view shows no rows.');
    setExporting(true);
    try {
      const rows = await fetchWholeView({ sort: view.sort, search: view.search, ...filters, periodId: period.id, tab });
      downloadText(name, toCsv(paymentCsvColumns, rows));
      notify('success', `Exported ${rows.length} row${rows.length === 1 ? '' : 's'} to ${name}.`);
    } catch (err) {
      notify('error', `The CSV was not exported: ${(err as Error).message}`);
    } finally {
      setExporting(false);
    }
  };

  // The whole page selected, and the view holds more: the bulk action may take every item of it.
  const { rows: pageRows, total } = shown.current;
  const search = view.search;
  const wholeView: WholeView | undefined =
    selected.length > 0 && selected.length === pageRows.length && total > pageRows.length
      ? { count: total, name: filtered || search ? `${tab} (as filtered)` : tab, view: { ...filters, periodId: period.id, tab, search, expectedCount: total } }
      : undefined;

  const periodEmpty = counts?.All === 0 && !filtered && !view.search;
  const empty = periodEmpty ? (
    <EmptyState
      title="No payments for this period — Generate payments"
      hint={approver ? `Generate one payment per provider with children authorized in ${period.label}; then import the attendance.` : 'An Approver generates the payments of a period; they appear here.'}
      action={approver ? <GenerateButton periodId={period.id} periodLabel={period.label} variant="contained" /> : undefined}
    />
  ) : filtered ? (
    <EmptyState title="No payments match the filters" hint="Clear the filters to see every item of this tab." action={<Button onClick={() => setFilters({})}>Clear filters</Button>} />
  ) : (
    <EmptyState title={`Nothing in ${tab} for ${period.label}`} hint={`${tab}: ${TAB_RULES[tab].description}.`} />
  );

  return (
    <>
      <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', gap: 2 }}>
        <PageTitle title="Provider Payments" subtitle={`Payments and adjustments of ${period.label}`} />
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <ViewsMenu view={view} onOpen={(state) => replaceQuery(viewToQuery({ ...state, page: 0 }))} />
          <IntakeActions periodId={period.id} periodLabel={period.label} groups={user.groups} />
        </Stack>
      </Stack>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 1.5 }}>
        <PaymentTabs value={tab} onChange={setTab} counts={counts} totals={totals.data} />
      </Box>
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <ServerDataGrid<PaymentRow>
          label={`Payments — ${tab}`}
          queryKey={queryKey}
          fetchPage={fetchPage}
          columns={user.groups.some((g) => BATCH_GROUPS.includes(g)) ? paymentGridColumns : paymentGridColumnsNoBatchLink}
          columnVisibilityModel={columns}
          onColumnVisibilityModelChange={setColumns}
          gridSx={paymentGridSx}
          searchPlaceholder="Provider, license or ID"
          searchWidth={240}
          checkboxSelection
          onSelectionChange={onSelectionChange}
          onRowsChange={onRowsChange}
          clearSelection={clearSignal}
          apiRef={grid}
          view={gridView}
          onViewChange={onGridView}
          footerInfo={<ViewTotals tab={tab} total={totals.data?.[tab]} selected={selected} filtered={filtered || !!search} />}
          onOpen={(row) => navigate('payments', row.id, viewToQuery(view))}
          empty={empty}
          toolbar={
            <BulkToolbar
              rows={selected}
              groups={user.groups}
              onClear={() => setClearSignal((n) => n + 1)}
              wholeView={wholeView}
              idle={
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <PaymentFilters value={filters} onChange={setFilters} />
                  <Button startIcon={<DownloadIcon />} onClick={() => void exportCsv()} disabled={exporting}>
                    {exporting ? 'Exporting…' : 'Export CSV'}
                  </Button>
                  {tab === 'Authorized' && user.groups.includes('Payor') && <ExportButton periodId={period.id} />}
                </Stack>
              }
            />
          }
        />
      </Box>
    </>
  );
}

/** The grid's footer: the view's count and amount (added by the core), and the selection's. */
function ViewTotals({ tab, total, selected, filtered }: { tab: Tab; total: TabTotal | undefined; selected: PaymentRow[]; filtered: boolean }) {
  // The selection's sum: whole cents added as integers.
  const selectedCents = selected.reduce((sum, r) => sum + (r.amountCents ?? 0), 0);
  const items = (n: number) => `${n.toLocaleString('en-US')} item${n === 1 ? '' : 's'}`;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline' }}>
      {total && (
        <Typography variant="body2" data-testid="view-total">
          {tab}
          {filtered ? ' (as filtered)' : ''}: <b>{items(total.count)}</b>, <b>{formatAmount(total.amountCents)}</b>
        </Typography>
      )}
      {selected.length > 0 && (
        <Typography variant="body2" color="primary" data-testid="selection-total">
          Selected: <b>{items(selected.length)}</b>, <b>{formatAmount(selectedCents)}</b>
        </Typography>
      )}
    </Stack>
  );
}
