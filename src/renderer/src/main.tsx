import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { theme } from './theme';
import { App } from './App';
import { appStatusKey } from './features/session/queries';
import { NotifierProvider } from './components/Notifier';
import { loadWhere } from './api/client';

// A call refused because the core ended the session (account disabled, password changed, idle)
// sends the window back to the sign-in page, which says why.
const signedOut = (err: unknown) => {
  if ((err as { code?: string } | null)?.code === 'NOT_SIGNED_IN') void queryClient.invalidateQueries({ queryKey: appStatusKey });
};
const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
  queryCache: new QueryCache({ onError: signedOut }),
  mutationCache: new MutationCache({ onError: signedOut }),
});

// The desktop app says first where its calls go (a local file or a server), for the app bar.
void loadWhere().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <QueryClientProvider client={queryClient}>
          <NotifierProvider>
            <App />
          </NotifierProvider>
        </QueryClientProvider>
      </ThemeProvider>
    </StrictMode>,
  ),
);
