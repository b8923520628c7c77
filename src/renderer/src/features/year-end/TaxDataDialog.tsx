import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { EXEMPT_REASONS, EXEMPT_REASON_LABELS, type ExemptReason } from '../../../../shared/year-end/provider-tax';
import { TIN_TYPE_LABELS, TIN_TYPES, type TinType } from '../../../../shared/year-end/tin';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { useProviderTax, useSaveProviderTax } from './queries';

// A provider's tax data from its Form W-9: TIN type and TIN (masked except to Administrators: a
// user who sees it masked keeps it or types a new one whole), the legal name, the day the W-9
// came in and an exemption.

interface Form {
  tinType: TinType | '';
  tin: string;
  legalName: string;
  w9ReceivedOn: string;
  exemptReason: ExemptReason | '';
}

export function TaxDataDialog({ providerId, onClose }: { providerId: number | null; onClose: () => void }) {
  const tax = useProviderTax(providerId);
  const save = useSaveProviderTax();
  const notify = useNotify();
  const [form, setForm] = useState<Form | null>(null);
  const [newTin, setNewTin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const t = tax.data;
  // The form is filled once per opening: a later refetch must not wipe what the user is typing.
  const [filledFor, setFilledFor] = useState<number | null>(null);
  useEffect(() => {
    if (providerId === null) setFilledFor(null);
  }, [providerId]);
  useEffect(() => {
    if (!t || providerId === null || filledFor === providerId) return;
    setFilledFor(providerId);
    setForm({ tinType: t.tinType ?? '', tin: t.tinMasked ? '' : t.tin, legalName: t.legalName, w9ReceivedOn: t.w9ReceivedOn ?? '', exemptReason: t.exemptReason ?? '' });
    setNewTin(!t.tinMasked);
    setError(null);
  }, [t, providerId, filledFor]);
  const open = providerId !== null;
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => (f ? { ...f, [k]: e.target.value } : f));
  const keepTin = !!t?.tinMasked && !newTin;

  const submit = async () => {
    if (!form || providerId === null) return;
    setError(null);
    try {
      await save.mutateAsync({
        providerId,
        keepTin,
        tax: {
          tinType: keepTin ? null : form.tinType || null,
          tin: keepTin ? null : form.tin || null,
          legalName: form.legalName,
          w9ReceivedOn: form.w9ReceivedOn || null,
          exemptReason: form.exemptReason || null,
        },
      });
      notify('success', `Tax data of ${t?.providerName ?? `provider ${providerId}`} saved.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="tax-data-title">
      <DialogTitle id="tax-data-title">Tax data (W-9){t ? `: ${t.providerName}` : ''}</DialogTitle>
      <DialogContent>
        {tax.isError && <Alert severity="error">{errorMessage(tax.error)}</Alert>}
        {form && (
          <Stack
            spacing={2}
            sx={{ pt: 1 }}
            component="form"
            id="tax-data-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            {keepTin ? (
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                <Typography data-testid="tax-tin-masked">
                  {t!.tinType} {t!.tin} <Typography component="span" variant="body2" color="text.secondary">(only Administrators see it whole)</Typography>
                </Typography>
                <Button onClick={() => setNewTin(true)}>Enter a new TIN</Button>
              </Stack>
            ) : (
              <Stack direction="row" spacing={2}>
                <TextField select label="TIN type" value={form.tinType} onChange={set('tinType')} sx={{ width: 260 }} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}>
                  <MenuItem value="">None on file</MenuItem>
                  {TIN_TYPES.map((x) => (
                    <MenuItem key={x} value={x}>
                      {TIN_TYPE_LABELS[x]}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField label="TIN" value={form.tin} onChange={set('tin')} placeholder={form.tinType === 'EIN' ? '12-3456789' : '123-45-6789'} sx={{ flex: 1 }} slotProps={{ htmlInput: { autoComplete: 'off' } }} />
              </Stack>
            )}
            <TextField label="Legal name (line 1 of the W-9)" value={form.legalName} onChange={set('legalName')} helperText="The name the TIN belongs to; it may differ from the business name" />
            <TextField label="W-9 received" type="date" value={form.w9ReceivedOn} onChange={set('w9ReceivedOn')} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField select label="Exempt from 1099s" value={form.exemptReason} onChange={set('exemptReason')} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}>
              <MenuItem value="">Not exempt</MenuItem>
              {EXEMPT_REASONS.map((x) => (
                <MenuItem key={x} value={x}>
                  {EXEMPT_REASON_LABELS[x]}
                </MenuItem>
              ))}
            </TextField>
            {error && (
              <Alert severity="error" data-testid="tax-data-error">
                {error}
              </Alert>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" form="tax-data-form" variant="contained" disabled={!form || save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
