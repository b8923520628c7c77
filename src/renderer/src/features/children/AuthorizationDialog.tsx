import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Grid, MenuItem, TextField } from '@mui/material';
import type { AuthorizationRow, ChildDetail } from '../../../../shared/api/contract/reference';
import { authorizationInput } from '../../../../shared/reference/child';
import { CARE_LEVELS, type CareLevel } from '../../../../shared/domain/words';
import { MoneyField } from '../../components/MoneyField';
import { CARE_LEVEL_LABELS } from '../../components/referenceLabels';
import { coreFieldErrors, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { useSaveAuthorization } from './mutations';
import { ProviderPicker, type ProviderChoice } from './ProviderPicker';
import { formatDate } from '../../../../shared/format';

/** Adds or edits one authorization of a child. An overlap at the same provider is refused by the core and shown here. */
export function AuthorizationDialog(props: { child: ChildDetail; authorization: AuthorizationRow | null; onClose: () => void }) {
  const a = props.authorization;
  const [provider, setProvider] = useState<ProviderChoice | null>(a ? { id: a.providerId, name: a.providerName, licenseNumber: a.licenseNumber } : null);
  const [startDate, setStartDate] = useState(a?.startDate ?? '');
  const [endDate, setEndDate] = useState(a?.endDate ?? '');
  const [careLevel, setCareLevel] = useState<CareLevel>(a?.careLevel ?? 'full_time');
  const [daysPerWeek, setDaysPerWeek] = useState(String(a?.daysPerWeek ?? 5));
  const [copayCents, setCopayCents] = useState<number | null>(a?.copayCents ?? 0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveAuthorization();
  const notify = useNotify();

  const submit = () => {
    const parsed = authorizationInput.safeParse({
      ...(a ? { id: a.id } : {}),
      childId: props.child.id,
      providerId: provider?.id ?? 0,
      startDate,
      endDate,
      careLevel,
      daysPerWeek: Number(daysPerWeek),
      copayCents: copayCents ?? -1,
    });
    if (!parsed.success) {
      const e = zodFieldErrors(parsed.error);
      if (!provider) e.providerId = 'choose the provider';
      return setErrors(e);
    }
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        notify('success', `Authorization at ${saved.providerName} (${formatDate(saved.startDate)} – ${formatDate(saved.endDate)}) saved.`);
        props.onClose();
      },
      onError: (err) => {
        const { fields, message } = coreFieldErrors(err);
        setErrors({ ...fields, _form: message });
      },
    });
  };

  const date = (label: string, value: string, set: (v: string) => void, key: string) => (
    <TextField
      label={label}
      type="date"
      value={value}
      onChange={(e) => set(e.target.value)}
      error={!!errors[key]}
      helperText={errors[key] && errors[key] !== errors._form ? errors[key] : undefined}
      required
      fullWidth
      slotProps={{ inputLabel: { shrink: true } }}
    />
  );

  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth aria-labelledby="authorization-title">
      <DialogTitle id="authorization-title">
        {a ? 'Edit authorization' : 'New authorization'} — {props.child.firstName} {props.child.lastName}
      </DialogTitle>
      <DialogContent dividers>
        {errors._form && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="authorization-error">
            {errors._form}
          </Alert>
        )}
        <Grid container spacing={2}>
          <Grid size={12}>
            <ProviderPicker value={provider} onChange={setProvider} error={errors.providerId} />
          </Grid>
          <Grid size={6}>{date('Start date', startDate, setStartDate, 'startDate')}</Grid>
          <Grid size={6}>{date('End date', endDate, setEndDate, 'endDate')}</Grid>
          <Grid size={4}>
            <TextField select label="Care level" value={careLevel} onChange={(e) => setCareLevel(e.target.value as CareLevel)} fullWidth>
              {CARE_LEVELS.map((c) => (
                <MenuItem key={c} value={c}>
                  {CARE_LEVEL_LABELS[c]}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid size={4}>
            <TextField
              select
              label="Days per week"
              value={daysPerWeek}
              onChange={(e) => setDaysPerWeek(e.target.value)}
              error={!!errors.daysPerWeek}
              helperText={errors.daysPerWeek}
              fullWidth
            >
              {[1, 2, 3, 4, 5].map((n) => (
                <MenuItem key={n} value={String(n)}>
                  {n}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid size={4}>
            <MoneyField
              label="Co-payment per period"
              value={copayCents}
              onChange={setCopayCents}
              error={!!errors.copayCents}
              helperText={errors.copayCents}
              fullWidth
            />
          </Grid>
        </Grid>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Save authorization
        </Button>
      </DialogActions>
    </Dialog>
  );
}
