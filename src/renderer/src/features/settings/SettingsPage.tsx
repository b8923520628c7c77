import { Box, List, ListItemButton, ListItemText, Paper } from '@mui/material';
import type { PageProps } from '../../pages';
import { navigate } from '../../router';
import { NotYours, PageTitle } from '../shell/AppShell';
import { SETTINGS_SECTIONS } from './sections';

/** #/settings/<section>: the sections the user's groups may see, one at a time. */
export function SettingsPage({ route, user }: PageProps) {
  const sections = SETTINGS_SECTIONS.filter((s) => s.groups.some((g) => user.groups.includes(g)));
  if (sections.length === 0) {
    return (
      <>
        <PageTitle title="Settings" />
        <NotYours what="Settings" />
      </>
    );
  }
  const current = sections.find((s) => s.id === route[0]) ?? sections[0];
  const Section = current.component;
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <PageTitle title="Settings" subtitle="Users, reference data and how PayDesk works for the agency" />
      <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start' }}>
        <Paper variant="outlined" sx={{ width: 200, flexShrink: 0 }}>
          <List dense component="nav" aria-label="Settings sections">
            {sections.map((s) => (
              <ListItemButton key={s.id} selected={s.id === current.id} onClick={() => navigate('settings', s.id)}>
                <ListItemText primary={s.label} />
              </ListItemButton>
            ))}
          </List>
        </Paper>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Section user={user} />
        </Box>
      </Box>
    </Box>
  );
}
