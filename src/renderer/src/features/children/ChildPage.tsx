import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Grid, Paper, Stack, TextField, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import SaveIcon from '@mui/icons-material/Save';
import type { SessionUser } from '../../../../shared/api/contract/session';
import type { ChildDetail } from '../../../../shared/api/contract/reference';
import { childInput, type ChildInput } from '../../../../shared/reference/child';
import { coreFieldErrors, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { useChild } from './queries';
import { useSaveChild } from './mutations';
import { AuthorizationsPanel } from './AuthorizationsPanel';

type ChildForm = Required<Omit<ChildInput, 'id'>>;
const BLANK: ChildForm = { caseNumber: '', firstName: '', lastName: '', birthDate: '', guardianName: '' };
const FIELDS: Array<[keyof ChildForm, string, number]> = [
  ['caseNumber', 'Case number', 4],
  ['lastName', 'Last name', 4],
  ['firstName', 'First name', 4],
  ['birthDate', 'Birth date', 4],
  ['guardianName', 'Parent or guardian', 8],
];

export function ChildPage({ id, user }: { id: number | null; user: SessionUser }) {
  const child = useChild(id);
  if (id === null) return <ChildEditor child={null} user={user} />;
  if (child.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (child.isError || !child.data) return <Alert severity="error">{errorMessage(child.error)}</Alert>;
  return <ChildEditor key={child.data.id} child={child.data} user={user} />;
}

function ChildEditor({ child, user }: { child: ChildDetail | null; user: SessionUser }) {
  const admin = user.groups.includes('Administrator');
  const [form, setForm] = useState<ChildForm>(() => (child ? { ...child } : BLANK));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [dirty, setDirty] = useState(false);
  const save = useSaveChild();
  const notify = useNotify();

  const submit = () => {
    const parsed = childInput.safeParse({ ...form, ...(child ? { id: child.id } : {}) });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    save.mutate(parsed.data, {
      onSuccess: (saved) => {
        setDirty(false);
        notify('success', `${saved.firstName} ${saved.lastName} saved.`);
        if (!child) navigate('children', saved.id);
      },
      onError: (err) => {
        const { fields, message } = coreFieldErrors(err);
        setErrors({ ...fields, _form: message });
      },
    });
  };

  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('children')} sx={{ mt: 0.5 }}>
          Children
        </Button>
        <Box sx={{ flex: 1 }}>
          <PageTitle
            title={child ? `${child.firstName} ${child.lastName}` : 'New child'}
            subtitle={child ? `Case ${child.caseNumber} · born ${child.birthDate}` : 'As on the case file'}
          />
        </Box>
        {admin && (
          <Button variant="contained" startIcon={<SaveIcon />} onClick={submit} disabled={save.isPending || (!!child && !dirty)} sx={{ mt: 0.5 }}>
            {child ? 'Save changes' : 'Create child'}
          </Button>
        )}
      </Stack>
      <Stack spacing={2} sx={{ pb: 3 }}>
        {errors._form && <Alert severity="error">{errors._form}</Alert>}
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1.5 }}>
            Child
          </Typography>
          <Grid container spacing={2}>
            {FIELDS.map(([key, label, size]) => (
              <Grid key={key} size={size}>
                <TextField
                  label={label}
                  type={key === 'birthDate' ? 'date' : 'text'}
                  value={form[key]}
                  onChange={(e) => {
                    setForm((f) => ({ ...f, [key]: e.target.value }));
                    setDirty(true);
                    setErrors(({ [key]: _gone, _form, ...rest }) => rest);
                  }}
                  error={!!errors[key]}
                  helperText={errors[key]}
                  required={key !== 'guardianName'}
                  disabled={!admin}
                  fullWidth
                  slotProps={key === 'birthDate' ? { inputLabel: { shrink: true } } : undefined}
                />
              </Grid>
            ))}
          </Grid>
        </Paper>
        {child ? (
          <AuthorizationsPanel child={child} admin={admin} />
        ) : (
          <Typography variant="body2" color="text.secondary">
            Authorizations are added once the child is created.
          </Typography>
        )}
      </Stack>
    </Box>
  );
}
