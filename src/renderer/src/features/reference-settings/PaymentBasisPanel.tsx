import { useEffect, useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, Chip, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { calculationSettingsSave, holidayList, type CalculationSettings, type CalculationSettingsSave } from '../../../../shared/api/contract/basis';
import { PAYMENT_BASES, PAYMENT_BASIS_LABELS, type PaymentBasis } from '../../../../shared/domain/words';
import { formatCents } from '../../../../shared/domain/money';
import { formatDate } from '../../../../shared/format';
import { call, errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { localToday } from '../../components/referenceLabels';

// Settings > Calculation: the payment basis (DESIGN.md section 4), the recovery threshold of a
// period paid in advance, and the agency's holidays; each starts on a date (a period uses the
// values in effect on its first day). Everything by keyboard: the holiday field adds a date on
// Enter, a holiday chip is removed with Delete or Backspace.

const KEY = ['calculation-settings'] as const;
const DEFAULT_FROM = '1900-01-01';
const BASIS_HELP: Record<PaymentBasis, string> = {
  attendance: 'paid on the days attended, after the attendance is received',
  enrollment: 'every authorized weekday up to the cap, whatever the attendance says',
  prospective: 'enrollment amount paid at the period\u2019s start (Generate), reconciled with the attendance after',
};

const since = (d: string) => (d === DEFAULT_FROM ? 'default' : `since ${formatDate(d)}`);

function dollarsToCents(text: string): number {
  const m = /^\s*\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return NaN;
  return Number(m[1].replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The field each setting is typed in, to name it in a message. */
const FIELD_OF: Record<CalculationSettingsSave['key'], string> = {
  'calculation.paymentBasis': 'Payment basis',
  'calculation.recoveryThresholdCents': 'Recovery threshold',
  'calculation.holidays': 'Holidays',
  'recovery.maxPercent': 'Recovery plans: at most (%)',
  'recovery.contestDays': 'Days to contest a notice',
};

export function PaymentBasisPanel({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery({ queryKey: KEY, queryFn: () => call('calculation-settings-get', {}) });
  const client = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: async (saves: CalculationSettingsSave[]) => {
      let last: CalculationSettings | null = null;
      for (const s of saves) last = await call('calculation-settings-save', s);
      return last;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const s = settings.data;
  const [basis, setBasis] = useState<PaymentBasis>('attendance');
  const [threshold, setThreshold] = useState('0.00');
  const [holidays, setHolidays] = useState<string[]>([]);
  const [maxPercent, setMaxPercent] = useState('25');
  const [contestDays, setContestDays] = useState('30');
  const [newHoliday, setNewHoliday] = useState('');
  const [from, setFrom] = useState(localToday());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!s) return;
    setBasis(s.paymentBasis.value);
    setThreshold((s.recoveryThresholdCents.value / 100).toFixed(2));
    setHolidays(s.holidays.value);
    setMaxPercent(String(s.recoveryMaxPercent.value));
    setContestDays(String(s.recoveryContestDays.value));
  }, [s]);

  const addHoliday = () => {
    const next = [...holidays, newHoliday.trim()];
    const parsed = holidayList.safeParse(next);
    if (!parsed.success) return setError(`Holiday "${newHoliday}": ${parsed.error.issues[0].message}`);
    setHolidays([...next].sort());
    setNewHoliday('');
    setError(null);
  };
  const onHolidayKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addHoliday();
    }
  };
  const submit = () => {
    if (!s) return;
    const saves: CalculationSettingsSave[] = [];
    if (basis !== s.paymentBasis.value) saves.push({ key: 'calculation.paymentBasis', value: basis, effectiveFrom: from });
    const cents = dollarsToCents(threshold);
    if (cents !== s.recoveryThresholdCents.value) saves.push({ key: 'calculation.recoveryThresholdCents', value: cents, effectiveFrom: from });
    if (JSON.stringify(holidays) !== JSON.stringify(s.holidays.value)) saves.push({ key: 'calculation.holidays', value: holidays, effectiveFrom: from });
    const percent = Number(maxPercent.trim());
    if (percent !== s.recoveryMaxPercent.value) saves.push({ key: 'recovery.maxPercent', value: percent, effectiveFrom: from });
    const days = Number(contestDays.trim());
    if (days !== s.recoveryContestDays.value) saves.push({ key: 'recovery.contestDays', value: days, effectiveFrom: from });
    if (saves.length === 0) return setError('Nothing changed.');
    for (const one of saves) {
      const parsed = calculationSettingsSave.safeParse(one);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = FIELD_OF[one.key];
        return setError(`${issue.path.includes('effectiveFrom') ? 'Effective from' : field}: ${typeof one.value === 'number' && Number.isNaN(one.value) ? (one.key === 'calculation.recoveryThresholdCents' ? 'must be dollars, such as 25.00' : 'must be a whole number') : issue.message}`);
      }
    }
    setError(null);
    save.mutate(saves, {
      onSuccess: () => notify('success', `Payment basis settings saved from ${formatDate(from)}.`),
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-labelledby="payment-basis-title">
      <Typography id="payment-basis-title" variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600 }}>
        Payment basis
      </Typography>
      {settings.isError && <Alert severity="error">{errorMessage(settings.error)}</Alert>}
      {s && (
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, my: 1, '& dt': { color: 'text.secondary' }, '& dd': { m: 0 } }} aria-label="In force today">
          <dt>Basis in force</dt>
          <dd>
            <strong>{PAYMENT_BASIS_LABELS[s.paymentBasis.value]}</strong> ({since(s.paymentBasis.effectiveFrom)})
            {s.paymentBasis.history.length > 1 &&
              ` · ${s.paymentBasis.history.map((h) => `${PAYMENT_BASIS_LABELS[h.value]} ${h.effectiveFrom === DEFAULT_FROM ? '(default)' : `from ${formatDate(h.effectiveFrom)}${h.effectiveFrom > localToday() ? ' (scheduled)' : ''}`}`).join(' · ')}`}
          </dd>
          <dt>Recovery threshold</dt>
          <dd>
            {s.recoveryThresholdCents.value === 0 ? 'None (every overpayment is recovered)' : `${formatCents(s.recoveryThresholdCents.value)}: overpayments below it are not recovered`} ({since(s.recoveryThresholdCents.effectiveFrom)})
          </dd>
          <dt>Holidays</dt>
          <dd>{s.holidays.value.length ? s.holidays.value.map((d) => formatDate(d)).join(', ') : 'None'} ({since(s.holidays.effectiveFrom)})</dd>
          <dt>Recovery plans</dt>
          <dd>
            At most {s.recoveryMaxPercent.value}% of each later payment ({since(s.recoveryMaxPercent.effectiveFrom)}); a notice may be contested within{' '}
            {s.recoveryContestDays.value} days ({since(s.recoveryContestDays.effectiveFrom)})
          </dd>
        </Box>
      )}
      {canEdit && s && (
        <Stack spacing={2} sx={{ mt: 2, maxWidth: 640 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField select label="Payment basis" value={basis} onChange={(e) => setBasis(e.target.value as PaymentBasis)} helperText={BASIS_HELP[basis]}>
            {PAYMENT_BASES.map((b) => (
              <MenuItem key={b} value={b}>
                {PAYMENT_BASIS_LABELS[b]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Recovery threshold ($)"
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            helperText="A prospective period's overpayment below this is not recovered; 0 recovers every cent"
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          />
          <Stack direction="row" spacing={2}>
            <TextField
              label="Recovery plans: at most (%)"
              value={maxPercent}
              onChange={(e) => setMaxPercent(e.target.value)}
              helperText="The largest share of each later payment a recovery plan may take"
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              sx={{ flex: 1 }}
            />
            <TextField
              label="Days to contest a notice"
              value={contestDays}
              onChange={(e) => setContestDays(e.target.value)}
              helperText="Printed on each notice of overpayment"
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              sx={{ flex: 1 }}
            />
          </Stack>
          <Box>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                label="Add a holiday"
                type="date"
                value={newHoliday}
                onChange={(e) => setNewHoliday(e.target.value)}
                onKeyDown={onHolidayKey}
                helperText="Press Enter to add; holidays are not weekdays for the cap"
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <Button onClick={addHoliday} disabled={!newHoliday} sx={{ mt: 1 }}>
                Add holiday
              </Button>
            </Stack>
            {holidays.length === 0 ? (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                No holidays.
              </Typography>
            ) : (
              // A list of holidays; each chip stays a button, so Delete or Backspace on it removes it.
              <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap' }} role="list" aria-label="Holidays">
                {holidays.map((h) => (
                  <Box key={h} role="listitem">
                    <Chip label={formatDate(h)} onDelete={() => setHolidays(holidays.filter((x) => x !== h))} aria-label={`Holiday ${formatDate(h)} (Delete to remove)`} />
                  </Box>
                ))}
              </Stack>
            )}
          </Box>
          <TextField
            label="Effective from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            helperText="Service periods starting on or after this date use the new values"
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Box>
            <Button variant="contained" onClick={submit} disabled={save.isPending}>
              Save payment basis
            </Button>
          </Box>
        </Stack>
      )}
    </Paper>
  );
}
