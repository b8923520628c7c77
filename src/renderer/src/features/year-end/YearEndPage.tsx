import { useState } from 'react';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, MenuItem, Stack, TextField, Tooltip, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import EditNoteIcon from '@mui/icons-material/EditNote';
import SettingsIcon from '@mui/icons-material/Settings';
import type { PageProps } from '../../pages';
import type { YearEndOutputs, YearEndRowView } from '../../../../shared/api/contract/year-end';
import { YEAR_END_GROUPS } from './access';
import { formatCents } from '../../../../shared/domain/money';
import { fileDate, formatCount, formatDateTime } from '../../../../shared/format';
import { errorMessage } from '../../api/client';
import { ProgressDialog } from '../../components/ProgressDialog';
import { useNotify } from '../../components/Notifier';
import { NotYours, PageTitle } from '../shell/AppShell';
import { useCorrections, useGenerate, useMarkFiled, useYearEndReview } from './queries';
import { TaxDataDialog } from './TaxDataDialog';
import { YearEndSettingsDialog } from './YearEndSettingsDialog';


const NO_FORM: Record<NonNullable<YearEndRowView['noFormReason']>, string> = {
  exempt: 'Exempt',
  below_threshold: 'Below threshold',
  third_party_only: 'Third-party payor',
};

/**
 * The tax year a year-end is usually about: returns are filed in January for the year before,
 * and reviewed from November of the year itself. By the agency's calendar (its time zone, set
 * from app-status), as every date in PayDesk.
 */
function agencyYearMonth(): { year: number; month: number } {
  const today = fileDate(new Date());
  return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
}

function defaultYear(): number {
  const { year, month } = agencyYearMonth();
  return month >= 11 ? year : year - 1;
}

const columns: GridColDef<YearEndRowView>[] = [
  { field: 'providerName', headerName: 'Provider', flex: 1, minWidth: 180, valueGetter: (_v, row) => `${row.providerName} (${row.providerId})` },
  { field: 'payeeName', headerName: 'Name on the return', flex: 1, minWidth: 160 },
  { field: 'tin', headerName: 'TIN', width: 125, valueGetter: (_v, row) => row.tin || '—' },
  { field: 'amountCents', headerName: 'Amount', width: 120, type: 'number', valueFormatter: (v: number) => formatCents(v) },
  {
    field: 'formBox',
    headerName: 'Form',
    width: 150,
    renderCell: (p) =>
      p.row.formBox ? (
        <Chip size="small" color="primary" variant="outlined" label={p.row.formBox} />
      ) : (
        <Chip size="small" variant="outlined" label={NO_FORM[p.row.noFormReason!]} />
      ),
  },
  { field: 'reason', headerName: 'Included, or why not', flex: 2, minWidth: 260 },
  {
    field: 'warnings',
    headerName: 'Warnings',
    width: 170,
    sortable: false,
    valueGetter: (_v, row) => row.warnings.map((w) => w.message).join('; '),
    renderCell: (p) => {
      const w = p.row.warnings;
      if (w.length === 0) return '';
      const blocks = w.some((x) => x.blocksFiling);
      const w9 = w.some((x) => x.code === 'w9_missing');
      return (
        <Tooltip title={w.map((x) => x.message).join(' · ')}>
          <Chip size="small" color={blocks ? 'error' : 'warning'} label={blocks ? 'Blocks filing' : w9 ? 'W-9 missing' : `${w.length} to check`} />
        </Tooltip>
      );
    },
  },
  {
    field: 'needsCorrection',
    headerName: 'Needs a correction',
    width: 190,
    renderCell: (p) =>
      p.row.needsCorrection ? (
        <Tooltip title={p.row.needsCorrection}>
          <Chip size="small" color="error" label={`Yes: ${p.row.needsCorrection}`} />
        </Tooltip>
      ) : (
        ''
      ),
  },
];

type Confirming = 'generate' | 'file' | 'corrections' | null;

export function YearEndPage({ user }: PageProps) {
  const [year, setYear] = useState(defaultYear);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [taxOf, setTaxOf] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [made, setMade] = useState<YearEndOutputs | null>(null);
  const notify = useNotify();
  const review = useYearEndReview(year);
  const generate = useGenerate();
  const markFiled = useMarkFiled();
  const corrections = useCorrections();
  if (!user.groups.some((g) => YEAR_END_GROUPS.includes(g))) return <NotYours what="Year-end" />;
  const admin = user.groups.includes('Administrator');
  const r = review.data;
  const filed = r?.filings.find((f) => f.kind === 'original') ?? null;
  const busy = generate.isPending || markFiled.isPending || corrections.isPending;
  const thisYear = agencyYearMonth().year;
  const years = Array.from({ length: thisYear - 2020 + 1 }, (_, i) => thisYear - i);

  const run = async () => {
    const what = confirming;
    setConfirming(null);
    try {
      if (what === 'generate') {
        const o = await generate.mutateAsync(year);
        setMade(o);
        notify('success', `${year}: ${formatCount(o.returnCount)} returns (${formatCents(o.totalCents)}), ${formatCount(o.recipientCopies)} recipient copies, the IRS file and the CSV written to ${o.folder}.`);
      } else if (what === 'file') {
        const f = await markFiled.mutateAsync(year);
        notify('success', `${year} marked as filed by ${f.filedBy}: ${formatCount(f.returnCount)} returns, ${formatCents(f.totalCents)}.`);
      } else if (what === 'corrections') {
        const o = await corrections.mutateAsync(year);
        setMade(o);
        notify('success', `Corrections of ${year}: ${formatCount(o.returnCount)} corrected returns written to ${o.folder}.`);
      }
    } catch (err) {
      notify('error', errorMessage(err));
    }
  };

  return (
    <>
      <PageTitle title="Year-end" subtitle="Forms 1099 for the providers the agency paid: review, recipient copies, the IRS file, filing and corrections" />
      <Stack direction="row" spacing={1} sx={{ mb: 1.5, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flex: 1 }}>
          <TextField select size="small" label="Tax year" value={year} onChange={(e) => setYear(Number(e.target.value))} sx={{ width: 120 }} data-testid="year-end-year">
            {years.map((y) => (
              <MenuItem key={y} value={y}>
                {y}
              </MenuItem>
            ))}
          </TextField>
          {admin && (
            <Button startIcon={<SettingsIcon />} onClick={() => setSettingsOpen(true)}>
              Year-end settings
            </Button>
          )}
        </Stack>
        <Stack direction="row" spacing={1}>
          <Button variant="contained" startIcon={<PrintIcon />} disabled={!r || !!filed || busy || r.totals.returns === 0} onClick={() => setConfirming('generate')}>
            Generate
          </Button>
          <Button variant="outlined" startIcon={<TaskAltIcon />} disabled={!r || !!filed || busy || r.totals.returns === 0} onClick={() => setConfirming('file')}>
            Mark as filed
          </Button>
          <Button variant="outlined" color="error" startIcon={<EditNoteIcon />} disabled={!r || !filed || busy || r.changes.length === 0} onClick={() => setConfirming('corrections')}>
            Corrections{r && r.changes.length > 0 ? ` (${r.changes.length})` : ''}
          </Button>
        </Stack>
      </Stack>

      {review.isError && <Alert severity="error">{errorMessage(review.error)}</Alert>}
      {r && (
        <Stack spacing={1} sx={{ mb: 1 }}>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', alignItems: 'center' }} data-testid="year-end-summary">
            <Typography variant="body2">
              {r.settings.formBox}, threshold {formatCents(r.settings.thresholdCents)}
              {r.settings.thresholdSet ? '' : r.settings.thresholdIndexed ? ' (starting value: enter the IRS’s figure)' : ' (the law’s)'}:
            </Typography>
            <Chip size="small" color="primary" label={`${formatCount(r.totals.returns)} returns, ${formatCents(r.totals.reportedCents)}`} />
            <Chip size="small" variant="outlined" label={`${formatCount(r.totals.belowThreshold)} below the threshold`} />
            <Chip size="small" variant="outlined" label={`${formatCount(r.totals.exempt)} exempt`} />
            <Chip size="small" variant="outlined" label={`${formatCount(r.totals.thirdPartyOnly)} third-party payor only`} />
            {r.totals.w9Missing > 0 && <Chip size="small" color="warning" label={`${formatCount(r.totals.w9Missing)} without a W-9`} />}
            {r.totals.blocked > 0 && <Chip size="small" color="error" label={`${formatCount(r.totals.blocked)} returns blocked`} />}
          </Stack>
          {filed ? (
            <Alert severity={r.changes.length ? 'error' : 'success'} data-testid="year-end-filed">
              {year} was filed by {filed.filedBy} on {formatDateTime(filed.filedAt)} ({formatCount(filed.returnCount)} returns, {formatCents(filed.totalCents)})
              {r.filings.length > 1 ? `; ${r.filings.length - 1} correction file(s) since` : ''}.
              {r.changes.length > 0 && ` ${r.changes.length} payee(s) changed since: they need a correction (the Corrections button makes a file of only those).`}
            </Alert>
          ) : null}
          {r.missingSettings.length > 0 && (
            <Alert severity="warning" data-testid="year-end-missing">
              To fill in before the forms can be made{admin ? ' (Year-end settings)' : ' (an Administrator does this)'}: {r.missingSettings.join('; ')}.
            </Alert>
          )}
          {made && (
            <Alert severity="info" onClose={() => setMade(null)} data-testid="year-end-written">
              Written to {made.folder}: {made.files.map((f) => f.name).join(', ')} and {formatCount(made.recipientCopies)} recipient copies in recipients/.
            </Alert>
          )}
        </Stack>
      )}
      <Box sx={{ flex: 1, minHeight: 300, bgcolor: 'background.paper' }} data-state={review.isFetching ? 'loading' : 'ready'}>
        <DataGrid
          aria-label={`Year-end ${year}`}
          rows={r?.rows ?? []}
          getRowId={(row) => row.providerId}
          columns={columns}
          loading={review.isLoading}
          density="compact"
          disableRowSelectionOnClick
          initialState={{ pagination: { paginationModel: { pageSize: 50 } } }}
          pageSizeOptions={[25, 50, 100]}
          onRowDoubleClick={(p) => setTaxOf(p.row.providerId)}
          onCellKeyDown={(p, e) => {
            if (e.key === 'Enter') setTaxOf((p.row as YearEndRowView).providerId);
          }}
          localeText={{ noRowsLabel: `No provider was paid in ${year}.` }}
        />
      </Box>
      <Typography variant="caption" color="text.secondary" sx={{ mt: 0.5 }}>
        Double-click a row or press Enter on it to see and change the provider’s tax data (W-9).
      </Typography>

      <Dialog open={confirming !== null} onClose={() => setConfirming(null)} aria-labelledby="year-end-confirm-title">
        <DialogTitle id="year-end-confirm-title">
          {confirming === 'generate' ? `Generate the forms of ${year}?` : confirming === 'file' ? `Mark ${year} as filed?` : `Make the corrections of ${year}?`}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {confirming === 'generate' &&
              `PayDesk writes ${formatCount(r?.totals.returns ?? 0)} recipient copies (one PDF each and one to print them all), the electronic filing file for the IRS (Publication 1220) and a CSV of the same returns into the agency's output folder. Generating again replaces them.`}
            {confirming === 'file' &&
              `Do this once the generated file has been sent to the IRS (FIRE or IRIS). PayDesk records who filed and when, and keeps the figures filed: a later change shows as "needs a correction".`}
            {confirming === 'corrections' &&
              `PayDesk writes a corrected-returns file with only the ${r?.changes.length ?? 0} payee(s) whose return changed, their corrected recipient copies and a CSV, and records the correction.`}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(null)}>Cancel</Button>
          <Button variant="contained" onClick={() => void run()} autoFocus>
            {confirming === 'generate' ? 'Generate' : confirming === 'file' ? 'Mark as filed' : 'Make corrections'}
          </Button>
        </DialogActions>
      </Dialog>
      <ProgressDialog open={generate.isPending || corrections.isPending} title={generate.isPending ? `Generating the forms of ${year}` : `Making the corrections of ${year}`} task="year-end" />
      <TaxDataDialog providerId={taxOf} onClose={() => setTaxOf(null)} />
      {admin && <YearEndSettingsDialog year={year} open={settingsOpen} onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
