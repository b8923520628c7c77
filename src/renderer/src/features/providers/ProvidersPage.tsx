import type { GridColDef } from '@mui/x-data-grid';
import { Button, Chip, Stack } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { PageProps } from '../../pages';
import { ServerDataGrid } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { CsvImportButton } from '../../components/CsvImportButton';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import type { ProviderRow } from '../../../../shared/api/contract/reference';
import { fetchProvidersPage, providerKeys } from './queries';
import { useImportProviders } from './mutations';
import { ProviderFormPage } from './ProviderFormPage';
import { ProviderPaymentsPage } from './ProviderPaymentsPage';
import { ProviderLedgerPage } from './ProviderLedgerPage';

const columns: GridColDef<ProviderRow>[] = [
  { field: 'licenseNumber', headerName: 'License', width: 120 },
  { field: 'name', headerName: 'Provider', flex: 1, minWidth: 200 },
  { field: 'type', headerName: 'Type', width: 110, valueFormatter: (v: ProviderRow['type']) => PROVIDER_TYPE_LABELS[v] },
  { field: 'city', headerName: 'City', width: 120 },
  { field: 'payorName', headerName: 'Payor', width: 160 },
  { field: 'paymentMethod', headerName: 'Paid by', width: 80, valueFormatter: (v: string) => (v === 'ach' ? 'ACH' : 'Check') },
  { field: 'accountMasked', headerName: 'Account', width: 100, sortable: false },
  {
    field: 'active',
    headerName: 'Status',
    width: 170,
    renderCell: (p) => (
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%' }}>
        <Chip size="small" label={p.value ? 'Active' : 'Inactive'} color={p.value ? 'success' : 'default'} variant="outlined" />
        {p.row.bankChangePending && <Chip size="small" label="Bank change" color="warning" title="New bank details wait for a second user's confirmation" />}
      </Stack>
    ),
  },
];

/** #/providers: the grid; #/providers/new and #/providers/<id>: the provider form; #/providers/<id>/payments: its payments. */
export function ProvidersPage({ route, user }: PageProps) {
  if (route[0] === 'new') return <ProviderFormPage id={null} user={user} />;
  const id = Number(route[0]);
  if (route[1] === 'payments' && Number.isSafeInteger(id) && id > 0) return <ProviderPaymentsPage id={id} user={user} />;
  if (route[1] === 'ledger' && Number.isSafeInteger(id) && id > 0) return <ProviderLedgerPage id={id} user={user} />;
  if (route[0] && Number.isSafeInteger(id) && id > 0) return <ProviderFormPage id={id} user={user} />;
  return <ProvidersList user={user} />;
}

function ProvidersList({ user }: Pick<PageProps, 'user'>) {
  const admin = user.groups.includes('Administrator');
  const importProviders = useImportProviders();
  return (
    <>
      <PageTitle title="Providers" subtitle="Child-care businesses the agency pays" />
      <ServerDataGrid<ProviderRow>
        label="Providers"
        queryKey={providerKeys.list}
        fetchPage={fetchProvidersPage}
        columns={columns}
        searchPlaceholder="Search by name or license"
        onOpen={(row) => navigate('providers', row.id)}
        toolbar={
          admin && (
            <Stack direction="row" spacing={1}>
              <CsvImportButton
                label="Import providers"
                kind="providers"
                testId="import-providers-file"
                run={(fileName, content) => importProviders.mutateAsync({ fileName, content })}
              />
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => navigate('providers', 'new')}>
                New provider
              </Button>
            </Stack>
          )
        }
        empty={<EmptyState title="No providers yet" hint="Import the providers extract (CSV) or add a provider." />}
      />
    </>
  );
}
