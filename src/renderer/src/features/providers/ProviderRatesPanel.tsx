import { useMemo, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { AGE_GROUPS, DAY_KINDS, type AgeGroup, type DayKind } from '../../../../shared/domain/words';
import { formatCents } from '../../../../shared/domain/money';
import { providerRatesInput } from '../../../../shared/reference/provider';
import type { ProviderDetail } from '../../../../shared/api/contract/reference';
import { MoneyField } from '../../components/MoneyField';
import { AGE_GROUP_LABELS, DAY_KIND_LABELS, localToday } from '../../components/referenceLabels';
import { coreFieldErrors, zodFieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { useSaveProviderRates } from './mutations';
import { Section } from './ProviderFields';

type Rates = ProviderDetail['rates'];
const key = (a: AgeGroup, d: DayKind) => `${a}/${d}`;

/** Each combination's rate in effect on a date: the latest one starting on or before it. */
function ratesOn(rates: Rates, date: string): Map<string, { cents: number; effectiveFrom: string }> {
  const out = new Map<string, { cents: number; effectiveFrom: string }>();
  for (const r of rates) {
    if (r.effectiveFrom > date) continue;
    const k = key(r.ageGroup, r.dayKind);
    const had = out.get(k);
    if (!had || had.effectiveFrom < r.effectiveFrom) out.set(k, { cents: r.cents, effectiveFrom: r.effectiveFrom });
  }
  return out;
}

/** The provider's own (private-pay) daily rates: the calculation pays the lower of these and the agency's maximum. */
export function ProviderRatesPanel({ provider, admin }: { provider: ProviderDetail; admin: boolean }) {
  const dates = useMemo(() => [...new Set(provider.rates.map((r) => r.effectiveFrom))].sort().reverse(), [provider.rates]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const date = chosen && dates.includes(chosen) ? chosen : (dates[0] ?? null);
  const shown = date ? ratesOn(provider.rates, date) : new Map();
  return (
    <Section
      title="Own daily rates"
      action={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {dates.length > 0 && (
            <TextField select label="In effect from" value={date ?? ''} onChange={(e) => setChosen(e.target.value)} sx={{ minWidth: 160 }}>
              {dates.map((d) => (
                <MenuItem key={d} value={d}>
                  {d}
                </MenuItem>
              ))}
            </TextField>
          )}
          {admin && (
            <Button startIcon={<AddIcon />} onClick={() => setAdding(true)}>
              New rates from a date
            </Button>
          )}
        </Stack>
      }
    >
      {dates.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No own rates: this provider is paid the agency&apos;s maximum rates.
        </Typography>
      ) : (
        <Table size="small" aria-label="Own daily rates">
          <TableHead>
            <TableRow>
              <TableCell>Age group</TableCell>
              {DAY_KINDS.map((d) => (
                <TableCell key={d} align="right">
                  {DAY_KIND_LABELS[d]}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {AGE_GROUPS.map((a) => (
              <TableRow key={a}>
                <TableCell>{AGE_GROUP_LABELS[a]}</TableCell>
                {DAY_KINDS.map((d) => {
                  const r = shown.get(key(a, d));
                  return (
                    <TableCell key={d} align="right" title={r ? `since ${r.effectiveFrom}` : 'no own rate: the maximum rate applies'}>
                      {r ? formatCents(r.cents) : '—'}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {adding && <NewRatesDialog provider={provider} current={ratesOn(provider.rates, '9999-12-31')} onClose={() => setAdding(false)} />}
    </Section>
  );
}

function NewRatesDialog(props: { provider: ProviderDetail; current: Map<string, { cents: number }>; onClose: () => void }) {
  const [effectiveFrom, setEffectiveFrom] = useState(localToday());
  const [values, setValues] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(AGE_GROUPS.flatMap((a) => DAY_KINDS.map((d) => [key(a, d), props.current.get(key(a, d))?.cents ?? null]))),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveProviderRates();
  const notify = useNotify();
  const submit = () => {
    const rates = AGE_GROUPS.flatMap((ageGroup) =>
      DAY_KINDS.flatMap((dayKind) => {
        const cents = values[key(ageGroup, dayKind)];
        return cents === null ? [] : [{ ageGroup, dayKind, cents }];
      }),
    );
    const parsed = providerRatesInput.safeParse({ providerId: props.provider.id, effectiveFrom, rates });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    save.mutate(parsed.data, {
      onSuccess: () => {
        notify('success', `Own rates of ${props.provider.name} from ${effectiveFrom} saved.`);
        props.onClose();
      },
      onError: (err) => setErrors({ ...coreFieldErrors(err).fields, _form: coreFieldErrors(err).message }),
    });
  };
  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="new-rates-title">
      <DialogTitle id="new-rates-title">New own rates from a date</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          The rates apply to service periods starting on or after the date; earlier periods keep the rates they had. Leave a rate empty to
          keep the earlier one (or none).
        </Typography>
        <TextField
          label="Effective from"
          type="date"
          value={effectiveFrom}
          onChange={(e) => setEffectiveFrom(e.target.value)}
          error={!!errors.effectiveFrom}
          helperText={errors.effectiveFrom}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ mb: 2 }}
        />
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Age group</TableCell>
              {DAY_KINDS.map((d) => (
                <TableCell key={d}>{DAY_KIND_LABELS[d]}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {AGE_GROUPS.map((a) => (
              <TableRow key={a}>
                <TableCell>{AGE_GROUP_LABELS[a]}</TableCell>
                {DAY_KINDS.map((d) => (
                  <TableCell key={d}>
                    <MoneyField
                      value={values[key(a, d)]}
                      onChange={(cents) => setValues((v) => ({ ...v, [key(a, d)]: cents }))}
                      slotProps={{ htmlInput: { 'aria-label': `${AGE_GROUP_LABELS[a]} ${DAY_KIND_LABELS[d]}` } }}
                      sx={{ width: 140 }}
                    />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {(errors._form || errors.rates) && (
          <Typography color="error" variant="body2" sx={{ mt: 1 }}>
            {errors._form ?? errors.rates}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Save rates
        </Button>
      </DialogActions>
    </Dialog>
  );
}
