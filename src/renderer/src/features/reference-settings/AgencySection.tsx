import { useEffect, useState } from 'react';
import { Alert, Button, Grid, Stack, TextField, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import type { AgencyView } from '../../../../shared/api/contract/reference';
import { agencySettings } from '../../../../shared/reference/settings';
import { RoutingField, routingFieldProblem } from '../../components/RoutingField';
import { coreFieldErrors, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useAgency } from './queries';
import { useSaveAgency } from './mutations';
import { SectionFrame } from './SectionFrame';
import { ExportFolderField } from './ExportFolderField';

type Form = Record<keyof AgencyView, string>;
type Key = keyof AgencyView;

/** label, grid width, hint; routing fields are checked by their check digit as typed. */
const GROUPS: Array<{ title: string; fields: Array<[Key, string, number, string?]> }> = [
  {
    title: 'Agency',
    fields: [
      ['name', 'Agency name', 8],
      ['taxId', 'Tax id (EIN)', 4, '12-3456789'],
      ['addressLine1', 'Address', 6],
      ['addressLine2', 'City, state and ZIP', 6],
      ['phone', 'Phone', 4],
      ['timeZone', 'Time zone', 4, 'Its calendar is “today”, e.g. America/Chicago'],
    ],
  },
  {
    title: 'ACH file (from the bank’s set-up letter)',
    fields: [
      ['odfiRouting', 'Originating bank routing number', 4, 'The agency’s own bank'],
      ['immediateDestination', 'Immediate destination (routing)', 4, 'The bank receiving the file'],
      ['immediateDestinationName', 'Immediate destination name', 4, 'At most 23 characters'],
      ['immediateOrigin', 'Immediate origin', 4, '1 + EIN, or a routing number'],
      ['immediateOriginName', 'Immediate origin name', 4, 'At most 23 characters'],
      ['companyId', 'Company id', 4, 'Exactly 10 characters'],
      ['companyName', 'Company name', 4, 'At most 16 characters'],
      ['companyEntryDescription', 'Entry description', 4, 'At most 10, e.g. CHILDCARE'],
    ],
  },
  {
    title: 'Checks and files',
    fields: [
      ['checkAccountNumber', 'Disbursement account (positive pay)', 4, 'Checks are drawn on it'],
      ['startingCheckNumber', 'First check number', 4, 'Later batches continue after the last used'],
    ],
  },
];
const ROUTING: Key[] = ['odfiRouting', 'immediateDestination'];

const toForm = (a: AgencyView): Form => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, String(v)])) as Form;

/** The agency's identity and bank details, printed on remittances and written into the ACH file's headers. */
export function AgencySection() {
  const agency = useAgency();
  const save = useSaveAgency();
  const notify = useNotify();
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (agency.data && !form) setForm(toForm(agency.data));
  }, [agency.data, form]);

  if (agency.isError) return <Alert severity="error">{errorMessage(agency.error)}</Alert>;
  if (!form) return null;
  const set = (k: Key, v: string) => {
    setForm((f) => ({ ...f!, [k]: v }));
    setErrors(({ [k]: _gone, _form, ...rest }) => rest);
  };
  const submit = () => {
    const parsed = agencySettings.safeParse({ ...form, startingCheckNumber: form.startingCheckNumber.trim() === '' ? NaN : Number(form.startingCheckNumber) });
    const fieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
    for (const k of ROUTING) {
      const p = routingFieldProblem(form[k]);
      if (p) fieldErrors[k] = p;
    }
    if (!parsed.success || Object.keys(fieldErrors).length) return setErrors(fieldErrors);
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        setForm(toForm(saved));
        notify('success', 'Agency identity and bank details saved.');
      },
      onError: (err) => setErrors({ ...coreFieldErrors(err).fields, _form: coreFieldErrors(err).message }),
    });
  };
  return (
    <SectionFrame
      title="Agency identity and bank details"
      hint="Used in every export: the ACH file's headers, the check register and positive-pay file, and the remittance PDFs."
      actions={
        <Button variant="contained" startIcon={<SaveIcon />} onClick={submit} disabled={save.isPending}>
          Save
        </Button>
      }
    >
      <Stack spacing={2.5}>
        {errors._form && <Alert severity="error">{errors._form}</Alert>}
        {GROUPS.map((g) => (
          <div key={g.title}>
            <Typography variant="subtitle2" sx={{ mb: 1.5, color: 'text.secondary' }}>
              {g.title}
            </Typography>
            <Grid container spacing={2}>
              {g.fields.map(([k, label, size, hint]) => (
                <Grid key={k} size={size}>
                  {ROUTING.includes(k) ? (
                    <RoutingField label={label} value={form[k]} onChange={(v) => set(k, v)} serverError={errors[k]} helperText={hint} fullWidth required />
                  ) : (
                    <TextField
                      label={label}
                      value={form[k]}
                      onChange={(e) => set(k, e.target.value)}
                      error={!!errors[k]}
                      helperText={errors[k] ?? hint}
                      fullWidth
                      required={!['addressLine1', 'addressLine2', 'phone', 'taxId'].includes(k)}
                    />
                  )}
                </Grid>
              ))}
              {g.title === 'Checks and files' && (
                <Grid size={8}>
                  <ExportFolderField />
                </Grid>
              )}
            </Grid>
          </div>
        ))}
      </Stack>
    </SectionFrame>
  );
}
