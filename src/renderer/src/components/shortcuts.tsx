import { useEffect, useRef, useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

// Keyboard shortcuts: single keys, taken only when the focus is not in a text field and no dialog
// is open (so typing hours or a comment never fires one). "?" lists them. README.md: "Keyboard".

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: Array<{ where: string; list: Shortcut[] }> = [
  {
    where: 'Everywhere',
    list: [
      { keys: '?', what: 'Show this list of shortcuts' },
      { keys: 'Tab / Shift+Tab', what: 'Move between controls; every action is reachable this way' },
      { keys: 'Esc', what: 'Close a dialog or a menu' },
    ],
  },
  {
    where: 'Provider Payments (the grid)',
    list: [
      { keys: '/', what: 'Search this tab' },
      { keys: 'G', what: 'Go to the grid (then arrow keys move between rows and cells)' },
      { keys: 'Enter', what: 'Open the item of the focused row in Invoice Details' },
      { keys: '[ / ]', what: 'Previous / next tab' },
      { keys: 'Space', what: 'Select or clear the focused row (for a bulk action)' },
    ],
  },
  {
    where: 'Invoice Details',
    list: [
      { keys: 'C', what: 'Calculate' },
      { keys: 'A', what: 'Authorize' },
      { keys: 'S', what: 'Start review' },
      { keys: 'H', what: 'Place on administrative hold…' },
      { keys: 'R', what: 'Request corrections…' },
      { keys: 'D', what: 'Deny… (final: the dialog asks you to type DENY)' },
      { keys: 'E', what: 'Edit attendance: focus the attendance grid' },
      { keys: 'M', what: 'Open the Action menu' },
      { keys: 'B', what: 'Back to Provider Payments' },
    ],
  },
  {
    where: 'Attendance grid',
    list: [
      { keys: '← → ↑ ↓', what: 'Move between days and children' },
      { keys: 'Enter / Shift+Enter', what: 'Next / previous child, same day' },
      { keys: 'Home / End', what: 'First / last day of the child' },
    ],
  },
];

/** Whether a key press belongs to what has the focus (a text field, an open dialog or menu). */
export function isTyping(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return true;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return true;
  return !!document.querySelector('[role="dialog"], [role="menu"], [role="listbox"]');
}

/** Runs handlers[key] (lower-case letter or the key itself) for a shortcut press. */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>, enabled = true): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e)) return;
      const run = ref.current[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (run) {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** "?" opens the list of shortcuts (mounted once, for a signed-in user). */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useShortcuts({ '?': () => setOpen(true) });
  return (
    <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth aria-labelledby="shortcuts-title">
      <DialogTitle id="shortcuts-title">Keyboard shortcuts</DialogTitle>
      {/* Focusable: the list scrolls in a small window, and the keyboard must reach it (axe). */}
      <DialogContent tabIndex={0} aria-label="Shortcuts list">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Single keys work when the focus is not in a text field.
        </Typography>
        {SHORTCUTS.map((s) => (
          <Box key={s.where} sx={{ mb: 2 }}>
            <Typography variant="subtitle2" component="h3">
              {s.where}
            </Typography>
            <Table size="small" aria-label={`Shortcuts: ${s.where}`}>
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: '35%' }}>Key</TableCell>
                  <TableCell>Does</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {s.list.map((k) => (
                  <TableRow key={k.keys}>
                    <TableCell>
                      <Box component="kbd" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
                        {k.keys}
                      </Box>
                    </TableCell>
                    <TableCell>{k.what}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setOpen(false)} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The payments grid's shortcuts, by the page's own controls (its search box, grid and tabs). */
export function usePaymentsGridShortcuts(enabled: boolean): void {
  useShortcuts(
    {
      '/': () => document.querySelector<HTMLInputElement>('input[aria-label^="Search Payments"]')?.focus(),
      g: () => {
        const cell = document.querySelector<HTMLElement>('[role="grid"] [role="gridcell"][data-field]:not([data-field="__check__"])');
        cell?.focus();
        cell?.click();
      },
      '[': () => stepTab(-1),
      ']': () => stepTab(1),
    },
    enabled,
  );
}

function stepTab(by: number): void {
  const tabs = [...document.querySelectorAll<HTMLElement>('[role="tablist"] [role="tab"]')];
  const at = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
  const next = tabs[Math.min(tabs.length - 1, Math.max(0, at + by))];
  next?.click();
  next?.focus();
}
