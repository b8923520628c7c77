import { useState } from 'react';
import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, TextField,
  Typography,
} from '@mui/material';
import type { SettingEntry } from '../../../../shared/api/contract/reference';
import { settingsSaveInput } from '../../../../shared/reference/settings';
import { formatCents } from '../../../../shared/domain/money';
import { formatDate } from '../../../../shared/format';
import { formErrorsOf, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { localToday } from '../../components/referenceLabels';
import { errorMessage } from '../../api/client';
import { useSettings } from './queries';
import { useSaveSetting } from './mutations';
import { SectionFrame } from './SectionFrame';
import { PaymentBasisPanel } from './PaymentBasisPanel';
import { QaSamplePanel } from './QaSamplePanel';

/** The date the core stores defaults and undated settings from. */
const DEFAULT_FROM = '1900-01-01';
const show = (v: number | boolean, key = '') =>
  typeof v === 'boolean' ? (v ? 'On' : 'Off') : key.endsWith('Cents') ? (v === 0 ? 'None' : formatCents(v)) : String(v);

/** The calculation's threshold and allowance (effective-dated) and the workflow and session settings (apply at once). */
export function CalculationSection() {
  const settings = useSettings();
  const [editing, setEditing] = useState<SettingEntry | null>(null);
  const today = localToday();
  return (
    <SectionFrame
      title="Calculation and workflow"
      hint="Calculation values start on a date (earlier periods keep theirs); the others apply at once. Every change is in the audit trail."
    >
      <PaymentBasisPanel canEdit />
      <QaSamplePanel canEdit />
      {settings.isError && <Alert severity="error">{errorMessage(settings.error)}</Alert>}
      <Table size="small" aria-label="Settings">
        <TableHead>
          <TableRow>
            <TableCell>Setting</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>In force today</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>Since</TableCell>
            <TableCell>History and scheduled values</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {(settings.data?.settings ?? []).map((s) => (
            <TableRow key={s.key}>
              <TableCell>{s.label}</TableCell>
              <TableCell sx={{ fontWeight: 600 }}>{show(s.value, s.key)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{s.effectiveDated ? (s.effectiveFrom === DEFAULT_FROM ? 'default' : formatDate(s.effectiveFrom)) : 'at once'}</TableCell>
              <TableCell>
                {s.effectiveDated && s.history.length > 0
                  ? s.history
                      .map((h) => (h.effectiveFrom === DEFAULT_FROM ? `${show(h.value, s.key)} (default)` : `${show(h.value, s.key)} from ${formatDate(h.effectiveFrom)}${h.effectiveFrom > today ? ' (scheduled)' : ''}`))
                      .join(' · ')
                  : '—'}
              </TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setEditing(s)} aria-label={`Change ${s.label}`}>
                  Change
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <SettingDialog setting={editing} onClose={() => setEditing(null)} />}
    </SectionFrame>
  );
}

function SettingDialog({ setting, onClose }: { setting: SettingEntry; onClose: () => void }) {
  const [value, setValue] = useState<number | boolean | string>(setting.value);
  const [effectiveFrom, setEffectiveFrom] = useState(localToday());
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveSetting();
  const notify = useNotify();
  const submit = () => {
    const parsed = settingsSaveInput.safeParse({
      key: setting.key,
      value: typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : value,
      ...(setting.effectiveDated ? { effectiveFrom } : {}),
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        notify('success', `${saved.label}: ${show(parsed.data.value)}${setting.effectiveDated ? ` from ${formatDate(effectiveFrom)}` : ''}.`);
        onClose();
      },
      onError: (err) => setErrors(formErrorsOf(err)),
    });
  };
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="setting-title">
      <DialogTitle id="setting-title">{setting.label}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          {errors._form && <Alert severity="error">{errors._form}</Alert>}
          {typeof setting.value === 'boolean' ? (
            <FormControlLabel control={<Switch checked={value === true} onChange={(e) => setValue(e.target.checked)} />} label={value ? 'On' : 'Off'} />
          ) : (
            <TextField
              label="New value"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              error={!!errors.value}
              helperText={errors.value}
              autoFocus
              slotProps={{ htmlInput: { inputMode: 'decimal' } }}
            />
          )}
          {setting.effectiveDated ? (
            <TextField
              label="Effective from"
              type="date"
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.target.value)}
              error={!!errors.effectiveFrom}
              helperText={errors.effectiveFrom ?? 'Service periods starting on or after this date use the new value'}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          ) : (
            <Typography variant="body2" color="text.secondary">
              Applies at once.
            </Typography>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
