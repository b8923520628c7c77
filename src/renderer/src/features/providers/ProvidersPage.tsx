import type { GridColDef } from '@mui/x-data-grid';
import { Chip } from '@mui/material';
import { call } from '../../api/client';
import { ServerDataGrid } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { PageTitle } from '../shell/AppShell';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import type { ProviderRow } from '../../../../shared/api/contract/reference';

const columns: GridColDef<ProviderRow>[] = [
  { field: 'licenseNumber', headerName: 'License', width: 130 },
  { field: 'name', headerName: 'Provider', flex: 1, minWidth: 220 },
  { field: 'type', headerName: 'Type', width: 130, valueFormatter: (v: ProviderRow['type']) => PROVIDER_TYPE_LABELS[v] },
  { field: 'city', headerName: 'City', width: 140 },
  { field: 'payorName', headerName: 'Payor', width: 180 },
  { field: 'paymentMethod', headerName: 'Paid by', width: 90, valueFormatter: (v: string) => (v === 'ach' ? 'ACH' : 'Check') },
  { field: 'accountMasked', headerName: 'Account', width: 120, sortable: false },
  {
    field: 'active', headerName: 'Status', width: 100,
    renderCell: (p) => <Chip size="small" label={p.value ? 'Active' : 'Inactive'} color={p.value ? 'success' : 'default'} variant="outlined" />,
  },
];

export function ProvidersPage() {
  return (
    <>
      <PageTitle title="Providers" subtitle="Child-care businesses the agency pays" />
      <ServerDataGrid<ProviderRow>
        label="Providers"
        queryKey={['providers']}
        fetchPage={(q) => call('providers-list', q)}
        columns={columns}
        searchPlaceholder="Search by name or license"
        empty={<EmptyState title="No providers yet" hint="Import the providers extract (CSV) or add a provider." />}
      />
    </>
  );
}
