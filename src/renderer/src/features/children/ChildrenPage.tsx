import type { GridColDef } from '@mui/x-data-grid';
import { Button, Stack } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { PageProps } from '../../pages';
import { ServerDataGrid } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { CsvImportButton } from '../../components/CsvImportButton';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import type { ChildRow } from '../../../../shared/api/contract/reference';
import { childKeys, fetchChildrenPage } from './queries';
import { useImportAuthorizations, useImportChildren } from './mutations';
import { ChildPage } from './ChildPage';

const columns: GridColDef<ChildRow>[] = [
  { field: 'caseNumber', headerName: 'Case number', width: 140 },
  { field: 'lastName', headerName: 'Last name', flex: 1, minWidth: 150 },
  { field: 'firstName', headerName: 'First name', flex: 1, minWidth: 150 },
  { field: 'birthDate', headerName: 'Birth date', width: 120 },
  { field: 'guardianName', headerName: 'Guardian', flex: 1, minWidth: 160 },
  { field: 'authorizationCount', headerName: 'Authorizations', width: 130, type: 'number' },
];

/** #/children: the list; #/children/new and #/children/<id>: the child with its authorizations. */
export function ChildrenPage({ route, user }: PageProps) {
  if (route[0] === 'new') return <ChildPage id={null} user={user} />;
  const id = Number(route[0]);
  if (route[0] && Number.isSafeInteger(id) && id > 0) return <ChildPage id={id} user={user} />;
  return <ChildrenList user={user} />;
}

function ChildrenList({ user }: Pick<PageProps, 'user'>) {
  const admin = user.groups.includes('Administrator');
  // A Provider user lists the children authorized at their provider; a child's page is the agency's.
  const provider = user.groups.includes('Provider');
  const importChildren = useImportChildren();
  const importAuthorizations = useImportAuthorizations();
  return (
    <>
      <PageTitle title="Children" subtitle={provider ? 'Children with subsidy authorizations at your provider' : 'Children with subsidy authorizations at providers'} />
      <ServerDataGrid<ChildRow>
        label="Children"
        queryKey={childKeys.list}
        fetchPage={fetchChildrenPage}
        columns={columns}
        searchPlaceholder="Search by name or case number"
        onOpen={provider ? undefined : (row) => navigate('children', row.id)}
        toolbar={
          admin && (
            <Stack direction="row" spacing={1}>
              <CsvImportButton
                label="Import children"
                kind="children"
                testId="import-children-file"
                run={(fileName, content) => importChildren.mutateAsync({ fileName, content })}
              />
              <CsvImportButton
                label="Import authorizations"
                kind="authorizations"
                testId="import-authorizations-file"
                run={(fileName, content) => importAuthorizations.mutateAsync({ fileName, content })}
              />
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => navigate('children', 'new')}>
                New child
              </Button>
            </Stack>
          )
        }
        empty={
          provider ? (
            <EmptyState title="No children authorized at your provider" hint="The agency records the authorizations; ask your case worker if one is missing." />
          ) : (
            <EmptyState title="No children yet" hint="Import the children and authorizations extracts (CSV) or add a child." />
          )
        }
      />
    </>
  );
}
