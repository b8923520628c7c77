import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Box, Button, CircularProgress, Stack } from '@mui/material';
import { useAppStatus } from './features/session/queries';
import { useLogout } from './features/session/mutations';
import { SignInPage } from './features/session/SignInPage';
import { FirstStartPage } from './features/session/FirstStartPage';
import { ReadOnlyBanner } from './features/session/ReadOnlyBanner';
import { useIdleLock } from './features/session/useIdleLock';
import { AppShell } from './features/shell/AppShell';
import { PeriodProvider } from './features/shell/PeriodContext';
import { useRoute } from './router';
import { PAGES, DEFAULT_PAGE } from './pages';
import { desktopApi, errorMessage, serverOrigin } from './api/client';
import { OpenDialog, useOpenRequest } from './features/session/OpenDialog';
import { ShortcutsHelp, usePaymentsGridShortcuts } from './components/shortcuts';

export function App() {
  const [opening, setOpening] = useOpenRequest();
  return (
    <>
      <Screens onOpen={() => setOpening(true)} />
      {/* File > Open… (the desktop app): a local database file or a PayDesk server. */}
      <OpenDialog open={opening} onClose={() => setOpening(false)} />
    </>
  );
}

function Screens({ onOpen }: { onOpen: () => void }) {
  const status = useAppStatus();
  const logout = useLogout();
  const route = useRoute();
  const [lockedUser, setLockedUser] = useState<string | undefined>();
  usePaymentsGridShortcuts(!!status.data?.signedIn && (route[0] ?? DEFAULT_PAGE) === 'payments' && route.length <= 1);
  const [locked, unlock] = useIdleLock(status.data?.signedIn ? status.data.idleLockMinutes : 0);

  useEffect(() => {
    if (locked && status.data?.signedIn) {
      setLockedUser(status.data.signedIn.username);
      logout.mutate();
      unlock();
    }
  }, [locked, status.data, logout, unlock]);
  useEffect(() => {
    if (status.data?.signedIn) setLockedUser(undefined);
  }, [status.data?.signedIn]);

  if (status.isLoading) return <Centered><CircularProgress /></Centered>;
  if (status.isError || !status.data) {
    return (
      <Centered>
        <Stack spacing={2} sx={{ maxWidth: 720, alignItems: 'flex-start' }}>
          <Alert severity="error" data-testid="core-unreachable" sx={{ wordBreak: 'break-word' }}>
            {serverOrigin() ? 'PayDesk could not reach its server' : 'PayDesk could not reach its core'}: {errorMessage(status.error)}
          </Alert>
          {desktopApi() && (
            <Stack direction="row" spacing={1}>
              <Button variant="outlined" onClick={() => void status.refetch()}>Try again</Button>
              <Button variant="contained" onClick={onOpen}>Open…</Button>
            </Stack>
          )}
        </Stack>
      </Centered>
    );
  }
  const { signedIn, hasUsers, isDemo, databasePath, readOnly, signedOutBecause } = status.data;
  if (!hasUsers) return <FirstStartPage databasePath={databasePath} />;
  if (!signedIn) {
    return <SignInPage isDemo={isDemo} databasePath={databasePath} locked={lockedUser} signedOutBecause={signedOutBecause} readOnly={readOnly} />;
  }

  const pageName = route[0] && route[0] in PAGES ? (route[0] as keyof typeof PAGES) : DEFAULT_PAGE;
  const Page = PAGES[pageName];
  return (
    <PeriodProvider>
      <AppShell user={signedIn} isDemo={isDemo} current={pageName} onSignOut={() => logout.mutate()}>
        {readOnly && <ReadOnlyBanner reason={readOnly} isAdministrator={signedIn.groups.includes('Administrator')} />}
        <Page route={route.slice(1)} user={signedIn} />
        <ShortcutsHelp />
      </AppShell>
    </PeriodProvider>
  );
}

function Centered({ children }: { children: ReactNode }) {
  return <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>{children}</Box>;
}
