import type { ReactNode } from 'react';
import { FormControlLabel, Grid, MenuItem, Paper, Switch, TextField, Typography, type TextFieldProps } from '@mui/material';
import { RoutingField } from '../../components/RoutingField';
import type { FieldErrors } from '../../components/fieldErrors';
import { ACCOUNT_HOLDERS, ACCOUNT_TYPES, PAYMENT_METHODS, PROVIDER_TYPES, PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import type { Payor } from '../../../../shared/api/contract/reference';
import { ACCOUNT_HOLDER_LABELS, ACCOUNT_TYPE_LABELS, PAYMENT_METHOD_LABELS, type ProviderForm } from './providerForm';

export interface ProviderFieldsProps {
  form: ProviderForm;
  set: <K extends keyof ProviderForm>(key: K, value: ProviderForm[K]) => void;
  errors: FieldErrors;
  readOnly: boolean;
  payors: Payor[];
  /** Shown instead of the account number to users who may not see it. */
  accountMasked: string | null;
}

export function Section({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Grid container spacing={1} sx={{ alignItems: 'center', mb: 1.5 }}>
        <Grid size="grow">
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {title}
          </Typography>
        </Grid>
        {action && <Grid>{action}</Grid>}
      </Grid>
      {children}
    </Paper>
  );
}

/** The provider's identity, address and contact (left column of the form). */
export function ProviderIdentityFields({ form, set, errors, readOnly }: ProviderFieldsProps) {
  const text = (key: keyof ProviderForm, label: string, extra?: Partial<TextFieldProps>) => (
    <TextField
      label={label}
      value={form[key]}
      onChange={(e) => set(key, e.target.value as never)}
      error={!!errors[key]}
      helperText={errors[key] ?? extra?.helperText}
      fullWidth
      disabled={readOnly}
      {...extra}
    />
  );
  return (
    <>
      <Section title="Provider">
        <Grid container spacing={2}>
          <Grid size={12}>{text('name', 'Name', { required: true, autoFocus: !form.name })}</Grid>
          <Grid size={6}>{text('licenseNumber', 'License number', { required: true })}</Grid>
          <Grid size={6}>
            {text('type', 'Type', {
              select: true,
              required: true,
              children: PROVIDER_TYPES.map((t) => (
                <MenuItem key={t} value={t}>
                  {PROVIDER_TYPE_LABELS[t]}
                </MenuItem>
              )),
            })}
          </Grid>
          <Grid size={6}>{text('taxId', 'Tax id (EIN or SSN)', { helperText: 'e.g. 12-3456789' })}</Grid>
          <Grid size={6}>
            <FormControlLabel
              control={<Switch checked={form.active} onChange={(e) => set('active', e.target.checked)} disabled={readOnly} />}
              label={form.active ? 'Active' : 'Inactive (no new payments)'}
            />
          </Grid>
        </Grid>
      </Section>
      <Section title="Address and contact">
        <Grid container spacing={2}>
          <Grid size={12}>{text('addressLine1', 'Address')}</Grid>
          <Grid size={12}>{text('addressLine2', 'Address line 2')}</Grid>
          <Grid size={6}>{text('city', 'City')}</Grid>
          <Grid size={2}>{text('state', 'State', { slotProps: { htmlInput: { maxLength: 2 } } })}</Grid>
          <Grid size={4}>{text('postalCode', 'ZIP')}</Grid>
          <Grid size={12}>{text('contactName', 'Contact name')}</Grid>
          <Grid size={7}>{text('contactEmail', 'E-mail')}</Grid>
          <Grid size={5}>{text('contactPhone', 'Phone')}</Grid>
        </Grid>
      </Section>
    </>
  );
}

/** Payor, payment method and bank details (right column of the form). */
export function ProviderPaymentFields({ form, set, errors, readOnly, payors, accountMasked }: ProviderFieldsProps) {
  const ach = form.paymentMethod === 'ach';
  const select = <K extends keyof ProviderForm>(key: K, label: string, options: Array<[string | number, string]>, required = false) => (
    <TextField
      select
      label={label}
      value={form[key]}
      onChange={(e) => set(key, (key === 'payorId' ? Number(e.target.value) : e.target.value) as ProviderForm[K])}
      error={!!errors[key]}
      helperText={errors[key]}
      fullWidth
      required={required}
      disabled={readOnly}
    >
      {options.map(([value, text]) => (
        <MenuItem key={value} value={value}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Section title="Payment">
      <Grid container spacing={2}>
        <Grid size={12}>{select('payorId', 'Payor', payors.map((p) => [p.id, `${p.name}${p.kind === 'third_party' ? ' (third party)' : ''}`]), true)}</Grid>
        <Grid size={12}>{select('paymentMethod', 'Payment method', PAYMENT_METHODS.map((m) => [m, PAYMENT_METHOD_LABELS[m]]), true)}</Grid>
        <Grid size={12}>
          <RoutingField
            label="Routing number"
            value={form.routingNumber}
            onChange={(v) => set('routingNumber', v)}
            serverError={errors.routingNumber}
            required={ach}
            fullWidth
            disabled={readOnly}
            helperText={ach ? '9 digits, checked as you type' : 'Not needed for checks'}
          />
        </Grid>
        <Grid size={12}>
          {readOnly ? (
            <TextField label="Account number" value={accountMasked ?? ''} fullWidth disabled helperText="Shown masked" />
          ) : (
            <TextField
              label="Account number"
              value={form.accountNumber}
              onChange={(e) => set('accountNumber', e.target.value.replace(/\s/g, ''))}
              error={!!errors.accountNumber}
              helperText={errors.accountNumber ?? (ach ? '4 to 17 digits' : 'Not needed for checks')}
              required={ach}
              fullWidth
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 17, autoComplete: 'off' } }}
            />
          )}
        </Grid>
        <Grid size={6}>{select('accountType', 'Account type', ACCOUNT_TYPES.map((t) => [t, ACCOUNT_TYPE_LABELS[t]]), ach)}</Grid>
        <Grid size={6}>{select('accountHolder', 'Account holder', ACCOUNT_HOLDERS.map((h) => [h, ACCOUNT_HOLDER_LABELS[h]]), ach)}</Grid>
      </Grid>
    </Section>
  );
}
