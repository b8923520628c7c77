import { useState } from 'react';
import { Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import PostAddIcon from '@mui/icons-material/PostAdd';
import { adjustmentArgs } from '../../../../shared/api/contract/intake';
import { cents as centsSchema } from '../../../../shared/api/common';
import { formatCents } from '../../../../shared/domain/money';
import { MoneyField } from '../../components/MoneyField';
import { coreFieldErrors, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { navigate } from '../../router';
import { usePeriod } from '../shell/PeriodContext';
import { useCreateAdjustment } from './mutations';

// New adjustment (Approvers), opened from a payment's Invoice Details: a correction of plus or
// minus so many cents for that payment's provider, created by the core's System Create action and
// then moved through the same workflow. (Not in the Provider Payments header: at 1280 pixels it
// has no room for a fourth button.)

export interface AdjustmentSource {
  paymentId: number;
  periodId: number;
  provider: { id: number; name: string; licenseNumber: string };
}

const MAX_CENTS = centsSchema.maxValue ?? Number.MAX_SAFE_INTEGER;

export function NewAdjustmentDialog({ from, onClose }: { from: AdjustmentSource; onClose: () => void }) {
  const { periods } = usePeriod();
  const { provider } = from;
  const [periodId, setPeriodId] = useState(from.periodId);
  const [amountCents, setAmountCents] = useState<number | null>(null);
  const [reasonText, setReasonText] = useState('');
  const [corrects, setCorrects] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useCreateAdjustment();
  const notify = useNotify();
  // A field's message goes once the user changes that field; the refusal above stays until the next try.
  const changed =
    <T,>(key: string, set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setErrors(({ [key]: _gone, ...rest }) => rest);
    };

  const submit = () => {
    const parsed = adjustmentArgs.safeParse({
      providerId: provider.id,
      periodId,
      amountCents: amountCents ?? 0,
      reasonText,
      ...(corrects ? { correctsPaymentId: from.paymentId } : {}),
    });
    // Clearer words than the schema's where the field's text alone says what is wrong.
    const e = parsed.success ? {} : zodFieldErrors(parsed.error);
    if (amountCents === null) e.amountCents = 'give the amount in dollars and cents, like -25.00';
    else if (Math.abs(amountCents) > MAX_CENTS) e.amountCents = `at most ${formatCents(MAX_CENTS)} either way`;
    if (!parsed.success || Object.keys(e).length > 0) return setErrors(e);
    setErrors({});
    const args = parsed.data;
    create.mutate(args, {
      onSuccess: (r) => {
        const period = periods.find((p) => p.id === args.periodId)?.label ?? '';
        notify('success', `Adjustment ${r.id} created: ${formatCents(args.amountCents)} for ${provider.name}, ${period}. It waits for approval.`);
        onClose();
        navigate('payments', r.id);
      },
      onError: (err) => {
        const { fields, message } = coreFieldErrors(err);
        setErrors({ ...fields, _form: message });
      },
    });
  };

  // The field's own message, unless it only repeats the refusal shown above the form.
  const help = (key: string, otherwise?: string) => (errors[key] && errors[key] !== errors._form ? errors[key] : otherwise);

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="adjustment-title">
      <DialogTitle id="adjustment-title">New adjustment</DialogTitle>
      <DialogContent dividers>
        {errors._form && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="adjustment-error">
            {errors._form}
          </Alert>
        )}
        <Stack spacing={2}>
          <TextField
            label="Provider"
            value={`${provider.name} (${provider.licenseNumber})`}
            helperText="The payment's provider"
            slotProps={{ input: { readOnly: true } }}
            fullWidth
          />
          <TextField
            select
            label="Service period"
            value={periodId}
            onChange={(e) => changed('periodId', setPeriodId)(Number(e.target.value))}
            error={!!errors.periodId}
            helperText={help('periodId', 'The adjustment is paid with this period’s payments.')}
            fullWidth
          >
            {periods.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.label}
              </MenuItem>
            ))}
          </TextField>
          <MoneyField
            label="Amount"
            value={amountCents}
            onChange={changed('amountCents', setAmountCents)}
            allowNegative
            required
            error={!!errors.amountCents}
            helperText={help('amountCents', 'Negative to take back an overpayment, like -25.00')}
            fullWidth
          />
          <TextField
            label="Reason"
            value={reasonText}
            onChange={(e) => changed('reasonText', setReasonText)(e.target.value)}
            required
            multiline
            minRows={2}
            error={!!errors.reasonText}
            helperText={help('reasonText', 'Shown on the adjustment and its history')}
            slotProps={{ htmlInput: { maxLength: 500 } }}
            fullWidth
          />
          <FormControlLabel
            control={<Checkbox checked={corrects} onChange={(e) => setCorrects(e.target.checked)} />}
            label={`Corrects payment ${from.paymentId}`}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={create.isPending}>
          Create adjustment
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The New adjustment button and its dialog. Offered to Approvers only (the core checks again). */
export function NewAdjustmentButton({ from }: { from: AdjustmentSource }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<PostAddIcon />} onClick={() => setOpen(true)}>
        New adjustment
      </Button>
      {open && <NewAdjustmentDialog from={from} onClose={() => setOpen(false)} />}
    </>
  );
}
