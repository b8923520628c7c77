import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import type { ServicePeriod } from '../../../../shared/api/contract/reference';
import { periodInput } from '../../../../shared/reference/settings';
import { formErrorsOf, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { usePeriods } from './queries';
import { useCreateYear, useSavePeriod } from './mutations';
import { SectionFrame } from './SectionFrame';

/** Service periods (monthly by default): a year at a time, or one custom span; periods never overlap. */
export function PeriodsSection() {
  const periods = usePeriods();
  const createYear = useCreateYear();
  const notify = useNotify();
  const list = periods.data ?? [];
  const nextYear = list.length > 0 ? Number(list[0].endDate.slice(0, 4)) + (list[0].endDate.slice(5) === '12-31' ? 1 : 0) : new Date().getFullYear();
  const [year, setYear] = useState(String(nextYear));
  const [editing, setEditing] = useState<ServicePeriod | 'new' | null>(null);
  const create = () => {
    const y = Number(year);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) return notify('error', 'A year from 2000 to 2100.');
    createYear.mutate(
      { year: y },
      {
        onSuccess: (r) =>
          notify(
            r.created.length > 0 ? 'success' : 'warning',
            `${y}: ${r.created.length} monthly period${r.created.length === 1 ? '' : 's'} created` +
              (r.skipped.length ? `; ${r.skipped.length} skipped (${r.skipped.map((s) => `${s.code}: ${s.reason}`).join('; ')})` : '.'),
          ),
        onError: (e) => notify('error', errorMessage(e)),
      },
    );
  };
  return (
    <SectionFrame
      title="Service periods"
      hint="The spans of care a payment covers. Create a year of monthly periods at once, or a single period with its own dates."
      actions={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField label="Year" value={year} onChange={(e) => setYear(e.target.value)} sx={{ width: 90 }} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 4 } }} />
          <Button variant="contained" startIcon={<EventRepeatIcon />} onClick={create} disabled={createYear.isPending}>
            Create monthly periods
          </Button>
          <Button startIcon={<AddIcon />} onClick={() => setEditing('new')}>
            One period
          </Button>
        </Stack>
      }
    >
      {periods.isError && <Alert severity="error">{errorMessage(periods.error)}</Alert>}
      <Table size="small" aria-label="Service periods" stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell>Code</TableCell>
            <TableCell>Label</TableCell>
            <TableCell>Start</TableCell>
            <TableCell>End</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {list.map((p) => (
            <TableRow key={p.id} hover>
              <TableCell sx={{ fontFamily: 'monospace' }}>{p.code}</TableCell>
              <TableCell>{p.label}</TableCell>
              <TableCell>{p.startDate}</TableCell>
              <TableCell>{p.endDate}</TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setEditing(p)} aria-label={`Edit period ${p.code}`}>
                  Edit
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <PeriodDialog period={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </SectionFrame>
  );
}

function PeriodDialog({ period, onClose }: { period: ServicePeriod | null; onClose: () => void }) {
  const [form, setForm] = useState({ code: period?.code ?? '', label: period?.label ?? '', startDate: period?.startDate ?? '', endDate: period?.endDate ?? '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSavePeriod();
  const notify = useNotify();
  const submit = () => {
    const parsed = periodInput.safeParse({ ...form, ...(period ? { id: period.id } : {}) });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    save.mutate(parsed.data, {
      onSuccess: (p) => {
        notify('success', `Period ${p.code} saved.`);
        onClose();
      },
      onError: (err) => setErrors(formErrorsOf(err)),
    });
  };
  const field = (key: keyof typeof form, label: string, date = false) => (
    <TextField
      label={label}
      type={date ? 'date' : 'text'}
      value={form[key]}
      onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
      error={!!errors[key]}
      helperText={errors[key]}
      fullWidth
      slotProps={date ? { inputLabel: { shrink: true } } : undefined}
    />
  );
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="period-title">
      <DialogTitle id="period-title">{period ? `Edit period ${period.code}` : 'New service period'}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          {errors._form && <Alert severity="error">{errors._form}</Alert>}
          {field('code', 'Code (e.g. 2027-01)')}
          {field('label', 'Label (e.g. January 2027)')}
          <Stack direction="row" spacing={2}>
            {field('startDate', 'Start date', true)}
            {field('endDate', 'End date', true)}
          </Stack>
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
