import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { Alert, Snackbar } from '@mui/material';

type Severity = 'success' | 'info' | 'warning' | 'error';
interface Note {
  key: number;
  severity: Severity;
  message: string;
}

const NotifierContext = createContext<(severity: Severity, message: string) => void>(() => undefined);

/** One snackbar for every success and refusal, so feedback looks and behaves the same everywhere. */
export function NotifierProvider({ children }: { children: ReactNode }) {
  const [note, setNote] = useState<Note | null>(null);
  const notify = useCallback((severity: Severity, message: string) => setNote({ key: Date.now(), severity, message }), []);
  return (
    <NotifierContext.Provider value={notify}>
      {children}
      <Snackbar
        key={note?.key}
        open={!!note}
        autoHideDuration={note?.severity === 'error' ? 10_000 : 5_000}
        onClose={(_e, reason) => reason !== 'clickaway' && setNote(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {note ? (
          <Alert severity={note.severity} variant="filled" onClose={() => setNote(null)} data-testid="notifier" sx={{ maxWidth: 720 }}>
            {note.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NotifierContext.Provider>
  );
}

export function useNotify() {
  return useContext(NotifierContext);
}
