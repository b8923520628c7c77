import { useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Grid, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import SaveIcon from '@mui/icons-material/Save';
import type { SessionUser } from '../../../../shared/api/contract/session';
import type { ProviderDetail } from '../../../../shared/api/contract/reference';
import { providerInput } from '../../../../shared/reference/provider';
import { formatDateTime } from '../../../../shared/format';
import { routingFieldProblem } from '../../components/RoutingField';
import { coreFieldErrors, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { navigate } from '../../router';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { PageTitle } from '../shell/AppShell';
import { usePayors, useProvider } from './queries';
import { useSaveProvider } from './mutations';
import { BLANK_PROVIDER, formFromDetail, inputFromForm, type ProviderForm } from './providerForm';
import { ProviderIdentityFields, ProviderPaymentFields } from './ProviderFields';
import { BankChangeBanner } from './BankChangeBanner';
import { ProviderRatesPanel } from './ProviderRatesPanel';
import { TaxDataDialog } from '../year-end/TaxDataDialog';
import { YEAR_END_GROUPS } from '../year-end/access';

/** #/providers/new and #/providers/<id>: the provider form (read-only for non-Administrators). */
export function ProviderFormPage({ id, user }: { id: number | null; user: SessionUser }) {
  const provider = useProvider(id);
  if (id === null) return <ProviderEditor provider={null} user={user} />;
  if (provider.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (provider.isError || !provider.data) return <Alert severity="error">{errorMessage(provider.error)}</Alert>;
  return <ProviderEditor key={provider.data.id} provider={provider.data} user={user} />;
}

function ProviderEditor({ provider, user }: { provider: ProviderDetail | null; user: SessionUser }) {
  const admin = user.groups.includes('Administrator');
  const payors = usePayors();
  const save = useSaveProvider();
  const notify = useNotify();
  const [form, setForm] = useState<ProviderForm>(() => (provider ? formFromDetail(provider) : BLANK_PROVIDER));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [dirty, setDirty] = useState(false);
  const [taxOf, setTaxOf] = useState<number | null>(null);

  // A saved or confirmed provider comes back with a new version: follow it unless the user is typing.
  useEffect(() => {
    if (provider && !dirty) setForm(formFromDetail(provider));
  }, [provider, dirty]);

  const set = <K extends keyof ProviderForm>(key: K, value: ProviderForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setDirty(true);
    setErrors(({ [key]: _gone, _form, ...rest }) => rest);
  };

  const submit = () => {
    const parsed = providerInput.safeParse(inputFromForm(form, provider));
    const fieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
    if (form.payorId === '') fieldErrors.payorId = 'is required';
    const routing = routingFieldProblem(form.routingNumber);
    if (routing) fieldErrors.routingNumber = routing;
    if (!parsed.success || Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: (r) => {
        setDirty(false);
        notify(
          r.bankDetailsChanged ? 'warning' : 'success',
          r.bankDetailsChanged
            ? `${r.provider.name} saved. New bank details: ${r.heldPaymentIds.length} unexported payment(s) on hold until a second user confirms them.`
            : `${r.provider.name} saved.`,
        );
        if (!provider) navigate('providers', r.provider.id);
      },
      onError: (err) => {
        const { fields, message } = coreFieldErrors(err);
        setErrors({ ...fields, _form: message });
      },
    });
  };

  const props = { form, set, errors, readOnly: !admin, payors: payors.data ?? [], accountMasked: provider?.accountMasked ?? null };
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('providers')} sx={{ mt: 0.5 }}>
          Providers
        </Button>
        <Box sx={{ flex: 1 }}>
          <PageTitle
            title={provider ? provider.name : 'New provider'}
            subtitle={provider ? `License ${provider.licenseNumber} · ${provider.payorName} · last changed ${formatDateTime(provider.updatedAt)}` : 'Every field as on the license and the bank letter'}
          />
        </Box>
        {provider && !provider.active && <Chip label="Inactive" sx={{ mt: 1 }} />}
        {provider && (
          <Button variant="outlined" startIcon={<ReceiptLongIcon />} onClick={() => navigate('providers', provider.id, 'payments')} sx={{ mt: 0.5 }}>
            Payments
          </Button>
        )}
        {provider && (
          <Button variant="outlined" onClick={() => navigate('providers', provider.id, 'ledger')} sx={{ mt: 0.5 }}>
            Ledger
          </Button>
        )}
        {provider && user.groups.some((g) => YEAR_END_GROUPS.includes(g)) && (
          // The W-9's tax data (year-end, issue #17): kept apart from the form, saved on its own.
          <Button variant="outlined" onClick={() => setTaxOf(provider.id)} sx={{ mt: 0.5 }}>
            Tax data (W-9)
          </Button>
        )}
        {admin && (
          <Button variant="contained" startIcon={<SaveIcon />} onClick={submit} disabled={save.isPending || (!!provider && !dirty)} sx={{ mt: 0.5 }}>
            {provider ? 'Save changes' : 'Create provider'}
          </Button>
        )}
      </Stack>
      <TaxDataDialog providerId={taxOf} onClose={() => setTaxOf(null)} />
      <Stack spacing={2} sx={{ pb: 3 }}>
        {provider && <BankChangeBanner provider={provider} />}
        {errors._form && (
          <Alert severity="error" data-testid="form-error">
            {errors._form}
          </Alert>
        )}
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 7 }}>
            <Stack spacing={2}>
              <ProviderIdentityFields {...props} />
            </Stack>
          </Grid>
          <Grid size={{ xs: 12, md: 5 }}>
            <Stack spacing={2}>
              <ProviderPaymentFields {...props} />
              {provider ? (
                <ProviderRatesPanel provider={provider} admin={admin} />
              ) : (
                <Typography variant="body2" color="text.secondary">
                  Own daily rates are added once the provider is created.
                </Typography>
              )}
            </Stack>
          </Grid>
        </Grid>
      </Stack>
    </Box>
  );
}
