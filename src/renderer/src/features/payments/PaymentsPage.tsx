import { useCallback, useMemo, useRef, useState } from 'react';
import { Box, Button, Stack } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { PageProps } from '../../pages';
import { ServerDataGrid, type ServerDataGridApi } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { toCsv } from '../../components/csv';
import { downloadText } from '../../components/download';
import { useNotify } from '../../components/Notifier';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { usePeriod } from '../shell/PeriodContext';
import { TAB_RULES, type Tab } from '../../../../shared/workflow/tabs';
import type { PaymentRow } from '../../../../shared/api/contract/payments';
import type { PageQuery } from '../../../../shared/api/common';
import { paymentCsvColumns, paymentGridColumns, paymentGridSx } from './columns';
import { useColumnChoices } from './useColumnChoices';
import { PaymentTabs } from './PaymentTabs';
import { PaymentFilters } from './PaymentFilters';
import { BulkToolbar, type WholeView } from './BulkToolbar';
import { IntakeActions, GenerateButton } from './IntakeActions';
import { fetchPaymentsPage, fetchWholeView, paymentKeys, useTabCounts, type PaymentFilters as Filters } from './queries';
import { InvoiceDetailsPage } from './details/InvoiceDetailsPage';
import { ExportButton } from '../exports/ExportButton';

const TAB_KEY = 'paydesk.paymentsTab';
/** #/payments: the five tabs; #/payments/<id>: Invoice Details. */
export function PaymentsPage(props: PageProps) {
  const id = Number(props.route[0]);
  if (props.route[0] && Number.isSafeInteger(id) && id > 0) return <InvoiceDetailsPage id={id} user={props.user} />;
  return <PaymentsList {...props} />;
}

function PaymentsList({ user }: PageProps) {
  const { period } = usePeriod();
  // The tab survives a visit to Invoice Details and back.
  const [tab, setTabState] = useState<Tab>(() => (sessionStorage.getItem(TAB_KEY) as Tab) || 'All');
  const [filters, setFilters] = useState<Filters>({});
  const grid = useRef<ServerDataGridApi<PaymentRow>>(null);
  const setTab = (t: Tab) => {
    sessionStorage.setItem(TAB_KEY, t);
    // The clicked tab's rows start loading now, while the page renders the switch.
    if (period) grid.current?.prefetch(paymentKeys.list(period.id, t, filters), (q) => fetchPaymentsPage({ ...q, ...filters, periodId: period.id, tab: t }));
    setTabState(t);
  };
  const [columns, setColumns] = useColumnChoices(tab);
  const [selected, setSelected] = useState<PaymentRow[]>([]);
  // What the grid shows (the page's rows, how many the view holds, the search), read when the
  // user exports or selects (kept in refs: no re-render per page).
  const shown = useRef<{ rows: PaymentRow[]; total: number; search: string; query?: Required<PageQuery> }>({ rows: [], total: 0, search: '' });
  const onRowsChange = useCallback((rows: PaymentRow[], total: number) => {
    shown.current = { ...shown.current, rows, total };
  }, []);
  const onQueryChange = useCallback((q: Required<PageQuery>) => {
    shown.current = { ...shown.current, search: q.search, query: q };
  }, []);
  const [clearSignal, setClearSignal] = useState(0);
  const [exporting, setExporting] = useState(false);
  const counts = useTabCounts(period?.id, filters);
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
      const { sort = [], search = '' } = shown.current.query ?? {};
      const rows = await fetchWholeView({ sort, search, ...filters, periodId: period.id, tab });
      downloadText(name, toCsv(paymentCsvColumns, rows));
      notify('success', `Exported ${rows.length} row${rows.length === 1 ? '' : 's'} to ${name}.`);
    } catch (err) {
      notify('error', `The CSV was not exported: ${(err as Error).message}`);
    } finally {
      setExporting(false);
    }
  };

  // The whole page selected, and the view holds more: the bulk action may take every item of it.
  const { rows: pageRows, total, search } = shown.current;
  const wholeView: WholeView | undefined =
    selected.length > 0 && selected.length === pageRows.length && total > pageRows.length
      ? { count: total, name: filtered || search ? `${tab} (as filtered)` : tab, view: { ...filters, periodId: period.id, tab, search, expectedCount: total } }
      : undefined;

  const periodEmpty = counts.data?.All === 0 && !filtered;
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
        <IntakeActions periodId={period.id} periodLabel={period.label} groups={user.groups} />
      </Stack>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 1.5 }}>
        <PaymentTabs value={tab} onChange={setTab} counts={counts.data} />
      </Box>
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <ServerDataGrid<PaymentRow>
          label={`Payments — ${tab}`}
          queryKey={queryKey}
          fetchPage={fetchPage}
          columns={paymentGridColumns}
          columnVisibilityModel={columns}
          onColumnVisibilityModelChange={setColumns}
          gridSx={paymentGridSx}
          searchPlaceholder="Provider, license or ID"
          searchWidth={240}
          checkboxSelection
          onSelectionChange={onSelectionChange}
          onRowsChange={onRowsChange}
          onQueryChange={onQueryChange}
          clearSelection={clearSignal}
          apiRef={grid}
          onOpen={(row) => navigate('payments', row.id)}
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
