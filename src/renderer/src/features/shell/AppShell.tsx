import { useState, type ReactNode } from 'react';
import {
  AppBar, Badge, Box, Button, Chip, Drawer, IconButton, List, ListItemButton, ListItemIcon, ListItemText, ListSubheader, Stack, Toolbar, Tooltip,
  Typography, Alert, useMediaQuery,
} from '@mui/material';
import MenuIcon from '@mui/icons-material/Menu';
import PaymentsIcon from '@mui/icons-material/Payments';
import OutboxIcon from '@mui/icons-material/Outbox';
import StoreIcon from '@mui/icons-material/Store';
import ChildCareIcon from '@mui/icons-material/ChildCare';
import SettingsIcon from '@mui/icons-material/Settings';
import NotificationsIcon from '@mui/icons-material/NotificationsActiveOutlined';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import type { Group } from '../../../../shared/domain/words';
import { BATCH_GROUPS } from '../exports/batchAccess';
import { SETTINGS_SECTIONS } from '../settings/sections';
import { YEAR_END_GROUPS } from '../year-end/access';
import { useAttention } from '../payments/queries';
import type { SessionUser } from '../../../../shared/api/contract/session';
import { navigate } from '../../router';
import { ConnectionChip, ConnectionLostBanner, useLiveUpdates } from './LiveUpdates';
import { PeriodSelector } from './PeriodSelector';

const DRAWER_WIDTH = 220;
const NARROW_DRAWER_WIDTH = 56;
const NAV_KEY = 'paydesk.navLabels';

/**
 * The navigation shows its labels in a window at least 1440 px wide and only its icons (each
 * named in a tooltip) in a smaller one, which leaves the grids their room at 1280 px. The menu
 * button in the app bar switches, and the choice is kept on this computer.
 */
function useNavLabels(): [boolean, () => void] {
  const roomy = useMediaQuery('(min-width:1440px)', { noSsr: true });
  const [choice, setChoice] = useState<boolean | null>(() => {
    const saved = localStorage.getItem(NAV_KEY);
    return saved === null ? null : saved === '1';
  });
  const labels = choice ?? roomy;
  return [
    labels,
    () => {
      localStorage.setItem(NAV_KEY, labels ? '0' : '1');
      setChoice(!labels);
    },
  ];
}

/**
 * The navigation; an entry with `groups` shows only to users in one of them (no page that says
 * "not for you"), read from where the page's own rule is (a function: read when drawn).
 */
export const NAV: ReadonlyArray<{ route: string; label: string; icon: ReactNode; groups?: () => readonly Group[] }> = [
  { route: 'attention', label: 'Needs attention', icon: <NotificationsIcon fontSize="small" /> },
  { route: 'payments', label: 'Provider Payments', icon: <PaymentsIcon fontSize="small" /> },
  { route: 'exports', label: 'Exports', icon: <OutboxIcon fontSize="small" />, groups: () => BATCH_GROUPS },
  { route: 'providers', label: 'Providers', icon: <StoreIcon fontSize="small" /> },
  { route: 'children', label: 'Children', icon: <ChildCareIcon fontSize="small" /> },
  { route: 'year-end', label: 'Year-end (1099s)', icon: <ReceiptLongIcon fontSize="small" />, groups: () => YEAR_END_GROUPS },
  { route: 'settings', label: 'Settings', icon: <SettingsIcon fontSize="small" />, groups: () => SETTINGS_SECTIONS.flatMap((s) => s.groups) },
];

/** The navigation entries the user's groups see. */
export function navFor(groups: readonly Group[]) {
  return NAV.filter((item) => !item.groups || item.groups().some((g) => groups.includes(g)));
}

export function AppShell(props: {
  user: SessionUser;
  isDemo: boolean;
  current: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const [labels, toggleLabels] = useNavLabels();
  const attention = useAttention();
  const waiting = attention.data?.total ?? 0;
  const connection = useLiveUpdates();
  const width = labels ? DRAWER_WIDTH : NARROW_DRAWER_WIDTH;
  return (
    <Box sx={{ display: 'flex', height: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }} color="primary">
        <Toolbar variant="dense" sx={{ gap: 2 }}>
          <IconButton color="inherit" edge="start" onClick={toggleLabels} aria-label={labels ? 'Hide menu labels' : 'Show menu labels'} aria-pressed={labels}>
            <MenuIcon />
          </IconButton>
          <Typography variant="h6" sx={{ mr: 2, fontWeight: 700 }}>
            PayDesk
          </Typography>
          {props.isDemo && <Chip size="small" label="Demo data" color="warning" />}
          <ConnectionChip state={connection} />
          <Box sx={{ flex: 1 }} />
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="signed-in-user">
            <Typography variant="body2">{props.user.displayName}</Typography>
            {props.user.groups.map((g) => (
              <Chip key={g} size="small" label={g} sx={{ bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit' }} />
            ))}
          </Stack>
          <Button color="inherit" onClick={props.onSignOut}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Drawer variant="permanent" sx={{ width, '& .MuiDrawer-paper': { width, boxSizing: 'border-box', overflowX: 'hidden' } }}>
        <Toolbar variant="dense" />
        <List dense subheader={labels ? <ListSubheader>Billing</ListSubheader> : undefined} component="nav" aria-label="Billing">
          {navFor(props.user.groups).map((item) => {
            const count = item.route === 'attention' ? waiting : 0;
            const name = count > 0 ? `${item.label}, ${count} waiting` : item.label;
            return (
              <Tooltip key={item.route} title={labels ? '' : name} placement="right">
                <ListItemButton
                  selected={props.current === item.route}
                  onClick={() => navigate(item.route)}
                  aria-label={name}
                  data-testid={`nav-${item.route}`}
                  sx={labels ? undefined : { justifyContent: 'center', py: 1 }}
                >
                  <ListItemIcon sx={{ minWidth: labels ? 32 : 0 }}>
                    {/* A badge only with a count: an empty one still holds a "0" that is no part of the item's name. */}
                    {!labels && count > 0 ? (
                      <Badge badgeContent={count} color="error" max={99} data-testid={`nav-count-${item.route}`}>
                        {item.icon}
                      </Badge>
                    ) : (
                      item.icon
                    )}
                  </ListItemIcon>
                  {labels && <ListItemText primary={item.label} />}
                  {labels && count > 0 && <Chip size="small" color="error" label={count > 99 ? '99+' : count} data-testid={`nav-count-${item.route}`} sx={{ height: 20, fontSize: 12 }} />}
                </ListItemButton>
              </Tooltip>
            );
          })}
        </List>
      </Drawer>
      <Box component="main" sx={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        <Toolbar variant="dense" />
        <Stack direction="row" spacing={2} sx={{ px: 3, pt: 2, alignItems: 'center' }}>
          <PeriodSelector />
        </Stack>
        <Box sx={{ flex: 1, minHeight: 0, px: 3, py: 2, display: 'flex', flexDirection: 'column' }}>
          <ConnectionLostBanner state={connection} />
          {props.children}
        </Box>
      </Box>
    </Box>
  );
}

export function PageTitle({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <Box sx={{ mb: 1.5 }}>
      <Typography variant="h5" component="h1" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {subtitle && (
        <Typography variant="body2" color="text.secondary">
          {subtitle}
        </Typography>
      )}
    </Box>
  );
}

export function NotYours({ what }: { what: string }) {
  return <Alert severity="info">{what} is for other groups; ask an administrator if you need access.</Alert>;
}
