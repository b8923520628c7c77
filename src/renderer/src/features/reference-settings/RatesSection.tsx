import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { RATE_TABLE_KEYS, rateKey, rateTableInput, type RateTable } from '../../../../shared/reference/rates';
import { coreFieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { localToday } from '../../components/referenceLabels';
import { errorMessage } from '../../api/client';
import { useRateTables } from './queries';
import { useSaveRateTable } from './mutations';
import { SectionFrame } from './SectionFrame';
import { RateMatrix } from './RateMatrix';
import { formatDate } from '../../../../shared/format';

/** The agency's maximum daily rates: one complete table per start date; the one in effect on a period's first day applies. */
export function RatesSection() {
  const tables = useRateTables();
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const list = tables.data?.tables ?? [];
  const today = localToday();
  const inForce = list.find((t) => t.effectiveFrom <= today);
  const shown = list.find((t) => t.effectiveFrom === chosen) ?? inForce ?? list[0];
  const byKey = new Map(shown?.rates.map((r) => [rateKey(r), r.cents]));
  return (
    <SectionFrame
      title="Maximum rates"
      hint="The most the agency pays per day, by provider type, age group and day kind. A new table starts on a date; earlier periods keep the table they had."
      actions={
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
          New rate table
        </Button>
      }
    >
      {tables.isError && <Alert severity="error">{errorMessage(tables.error)}</Alert>}
      {list.length === 0 && !tables.isLoading ? (
        <Alert severity="warning">There is no rate table yet: payments cannot be calculated until one exists.</Alert>
      ) : (
        shown && (
          <Stack spacing={1.5}>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <TextField select label="Table in effect from" value={shown.effectiveFrom} onChange={(e) => setChosen(e.target.value)} sx={{ minWidth: 200 }}>
                {list.map((t) => (
                  <MenuItem key={t.effectiveFrom} value={t.effectiveFrom}>
                    {formatDate(t.effectiveFrom)}
                    {t === inForce ? ' (in force today)' : t.effectiveFrom > today ? ' (starts later)' : ''}
                  </MenuItem>
                ))}
              </TextField>
              <Typography variant="body2" color="text.secondary">
                {list.length} table{list.length === 1 ? '' : 's'}
              </Typography>
            </Stack>
            <RateMatrix label={`Maximum rates from ${formatDate(shown.effectiveFrom)}`} cents={(k) => byKey.get(rateKey(k)) ?? null} />
          </Stack>
        )
      )}
      {adding && <NewTableDialog base={list[0] ?? null} onClose={() => setAdding(false)} onSaved={setChosen} />}
    </SectionFrame>
  );
}

function NewTableDialog(props: { base: RateTable | null; onClose: () => void; onSaved: (date: string) => void }) {
  const [effectiveFrom, setEffectiveFrom] = useState(localToday());
  const [values, setValues] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(RATE_TABLE_KEYS.map((k) => [rateKey(k), props.base?.rates.find((r) => rateKey(r) === rateKey(k))?.cents ?? null])),
  );
  const [error, setError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | undefined>();
  const save = useSaveRateTable();
  const notify = useNotify();
  const missing = RATE_TABLE_KEYS.filter((k) => values[rateKey(k)] === null);
  const submit = () => {
    const parsed = rateTableInput.safeParse({
      effectiveFrom,
      rates: RATE_TABLE_KEYS.filter((k) => values[rateKey(k)] !== null).map((k) => ({ ...k, cents: values[rateKey(k)]! })),
    });
    if (!parsed.success) {
      const dateIssue = parsed.error.issues.find((i) => i.path[0] === 'effectiveFrom');
      setDateError(dateIssue?.message);
      setError(dateIssue ? null : `Every rate is needed: ${missing.length} empty.`);
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: () => {
        notify('success', `Maximum rate table from ${effectiveFrom} saved.`);
        props.onSaved(effectiveFrom);
        props.onClose();
      },
      onError: (err) => setError(coreFieldErrors(err).message),
    });
  };
  return (
    <Dialog open onClose={props.onClose} maxWidth="lg" fullWidth aria-labelledby="new-table-title">
      <DialogTitle id="new-table-title">New maximum rate table</DialogTitle>
      <DialogContent dividers>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', mb: 2 }}>
          <TextField
            label="Effective from"
            type="date"
            value={effectiveFrom}
            onChange={(e) => setEffectiveFrom(e.target.value)}
            error={!!dateError}
            helperText={dateError ?? 'Periods from this date use it'}
            slotProps={{ inputLabel: { shrink: true } }}
            sx={{ width: 220, flexShrink: 0 }}
          />
          <Typography variant="body2" color="text.secondary" sx={{ pt: 1 }}>
            {props.base ? `Filled in from the table of ${props.base.effectiveFrom}; change what changes.` : 'Give every rate.'} A table on the same date
            as an existing one replaces it.
          </Typography>
        </Stack>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <RateMatrix
          label="New maximum rates"
          cents={(k) => values[rateKey(k)]}
          onChange={(k, cents) => setValues((v) => ({ ...v, [rateKey(k)]: cents }))}
          errors={error ? Object.fromEntries(missing.map((k) => [rateKey(k), 'required'])) : undefined}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Save table
        </Button>
      </DialogActions>
    </Dialog>
  );
}
