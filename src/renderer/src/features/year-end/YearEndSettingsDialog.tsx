import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { FORM_BOXES, type FormBox } from '../../../../shared/year-end/tax-year';
import type { FilingSettingsInput } from '../../../../shared/year-end/filing';
import { errorMessage } from '../../api/client';
import { MoneyField } from '../../components/MoneyField';
import { useNotify } from '../../components/Notifier';
import { useSaveSettings, useYearEndSettings } from './queries';

// What an Administrator fills in for the year-end: the tax year's form and box and threshold (as
// the agency's tax adviser says), and the filing details: the TCC the IRS issued, the agency as
// payer, and who the IRS contacts about the file.

const FILING_FIELDS: Array<[keyof FilingSettingsInput, string, string?]> = [
  ['tcc', 'Transmitter Control Code (TCC)', 'five letters or digits, from the IRS'],
  ['payerTin', "Payer's EIN", '12-3456789'],
  ['payerName', "Payer's name"],
  ['payerAddress', 'Street address'],
  ['payerCity', 'City'],
  ['payerState', 'State', 'IL'],
  ['payerZip', 'ZIP code'],
  ['payerPhone', "Payer's telephone"],
  ['contactName', 'Contact for the IRS'],
  ['contactPhone', "Contact's telephone"],
  ['contactEmail', "Contact's e-mail"],
];

type Filing = Record<(typeof FILING_FIELDS)[number][0], string>;
const EMPTY = Object.fromEntries(FILING_FIELDS.map(([k]) => [k, ''])) as Filing;

export function YearEndSettingsDialog({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const settings = useYearEndSettings(year, open);
  const save = useSaveSettings();
  const notify = useNotify();
  const [formBox, setFormBox] = useState<FormBox>('1099-NEC box 1');
  const [threshold, setThreshold] = useState<number | null>(null);
  const [filing, setFiling] = useState<Filing>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const s = settings.data;
  useEffect(() => {
    if (!s || !open) return;
    setFormBox(s.settings.formBox);
    setThreshold(s.settings.thresholdCents);
    setFiling(s.filing ? (Object.fromEntries(FILING_FIELDS.map(([k]) => [k, String(s.filing![k] ?? '')])) as Filing) : EMPTY);
    setError(null);
  }, [s, open]);
  const filled = FILING_FIELDS.some(([k]) => filing[k].trim() !== '');

  const submit = async () => {
    setError(null);
    if (threshold === null) return setError('The threshold is an amount in dollars.');
    try {
      await save.mutateAsync({ taxYear: year, formBox, thresholdCents: threshold, ...(filled ? { filing: { ...filing, combinedFederalState: s?.filing?.combinedFederalState ?? false } } : {}) });
      notify('success', `Year-end settings of ${year} saved.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="year-end-settings-title">
      <DialogTitle id="year-end-settings-title">Year-end settings</DialogTitle>
      <DialogContent>
        <Stack
          spacing={2}
          sx={{ pt: 1 }}
          component="form"
          id="year-end-settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Typography variant="subtitle2">Tax year {year} (as the agency’s tax adviser decides)</Typography>
          <Stack direction="row" spacing={2}>
            <TextField select label="Form and box" value={formBox} onChange={(e) => setFormBox(e.target.value as FormBox)} sx={{ width: 260 }}>
              {FORM_BOXES.map((b) => (
                <MenuItem key={b} value={b}>
                  {b}
                </MenuItem>
              ))}
            </TextField>
            <MoneyField label="Reporting threshold" value={threshold} onChange={setThreshold} helperText={s?.settings.thresholdIndexed ? 'Indexed year: enter the amount the IRS publishes' : '$600 up to 2025, $2,000 from 2026'} />
          </Stack>
          <Typography variant="subtitle2">Filing details (every tax year)</Typography>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
            {FILING_FIELDS.map(([k, label, hint]) => (
              <TextField key={k} label={label} value={filing[k]} placeholder={hint} onChange={(e) => setFiling((f) => ({ ...f, [k]: e.target.value }))} sx={{ width: 'calc(50% - 8px)' }} />
            ))}
          </Stack>
          {s && s.missingSettings.length > 0 && <Alert severity="warning">{s.missingSettings.join('; ')}</Alert>}
          {error && (
            <Alert severity="error" data-testid="year-end-settings-error" sx={{ whiteSpace: 'pre-line' }}>
              {error}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="year-end-settings-form" variant="contained" disabled={!s || save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
