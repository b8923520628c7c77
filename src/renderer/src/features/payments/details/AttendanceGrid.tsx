import { forwardRef, useMemo } from 'react';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { eachDay, isWeekday } from '../../../../../shared/domain/dates';
import { ACTION_LABELS, type ActionName } from '../../../../../shared/workflow/actions';
import type { PaymentDetail } from '../../../../../shared/api/contract/payments';
import { cellKey, changedRows, isOpen, originalCells, parseCell, type AttendanceRowInput, type ChildLine } from './attendance';

const WEEKDAY = ['S', 'M', 'T', 'W', 'T', 'F', 'S'];

/** The grid's save button, in words: what saving does, not the action's code. */
export const SAVE_LABELS: Partial<Record<ActionName, string>> = {
  'record-paper-attendance': 'Save paper attendance',
  'edit-attendance': 'Save changes',
  'submit-corrections': 'Save as correction',
  'record-attendance-paid-in-advance': 'Save attendance and reconcile',
};

/**
 * Arrow keys, Enter / Shift+Enter, Home and End move between the grid's cells (closed days, which
 * have no field, are skipped); the cell moved to has its text selected, ready to type over.
 */
export function moveInGrid(e: React.KeyboardEvent<HTMLInputElement>): void {
  const step: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0], Enter: [e.shiftKey ? -1 : 1, 0] };
  const input = e.currentTarget;
  const table = input.closest('table');
  if (!table) return;
  const row = Number(input.dataset.row);
  const col = Number(input.dataset.col);
  const at = (r: number, c: number) => table.querySelector<HTMLInputElement>(`input[data-row="${r}"][data-col="${c}"]`);
  let target: HTMLInputElement | null = null;
  if (e.key === 'Home' || e.key === 'End') {
    const cells = [...table.querySelectorAll<HTMLInputElement>(`input[data-row="${row}"]`)];
    target = e.key === 'Home' ? cells[0] : cells[cells.length - 1];
  } else if (step[e.key] && !e.altKey && !e.ctrlKey && !e.metaKey) {
    const [dr, dc] = step[e.key];
    const rows = Number(table.dataset.rows);
    const cols = Number(table.dataset.cols);
    for (let r = row + dr, c = col + dc; r >= 0 && r < rows && c >= 0 && c < cols; r += dr, c += dc) {
      target = at(r, c);
      if (target) break;
    }
  } else return;
  e.preventDefault();
  if (target) {
    target.focus();
    target.select();
  }
}

export function saveLabel(action: ActionName): string {
  return SAVE_LABELS[action] ?? `Save and ${ACTION_LABELS[action].toLowerCase()}`;
}

export interface AttendanceGridProps {
  detail: PaymentDetail;
  lines: ChildLine[];
  /** The action saving the grid takes; null = read only. */
  saveAction: ActionName | null;
  /** Show the grid's own Save button (Submit for payment has its own button in the header). */
  showSave: boolean;
  /** Cell texts the user changed (key: cellKey), kept by the page. */
  edits: Map<string, string>;
  onEdit: (key: string, text: string) => void;
  onDiscard: () => void;
  saving: boolean;
  /** The core's refusal of the last save. */
  error: string | null;
  onSave: (rows: AttendanceRowInput[]) => void;
}

/**
 * The attendance review grid: one line per child, one column per day of the period. Hours, or
 * A (absent) / C (closed). Editable only where the user may take an attendance action; saving
 * takes that action (the core records old and new values in the audit event).
 */
export const AttendanceGrid = forwardRef<HTMLDivElement, AttendanceGridProps>(function AttendanceGrid(props, ref) {
  const { detail, lines, saveAction } = props;
  const days = useMemo(() => eachDay(detail.period.startDate, detail.period.endDate), [detail.period]);
  const original = useMemo(() => originalCells(detail), [detail]);
  const { edits } = props;
  const rows = changedRows(edits, original);
  const dirty = rows === null || rows.length > 0;
  const editable = saveAction !== null && lines.length > 0;

  const value = (key: string) => edits.get(key) ?? original.get(key) ?? '';
  const total = (childId: number) =>
    days.reduce((sum, d) => {
      const v = parseCell(value(cellKey(childId, d)));
      return sum + (v?.hours ?? 0);
    }, 0);

  return (
    <Paper variant="outlined" sx={{ p: 2 }} ref={ref}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1, gap: 2 }}>
        <Typography variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600 }}>
          Attendance
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          <span id="attendance-keys">Hours per child per day; A = absent, C = closed. Arrow keys and Enter move between days and children.</span>
          {editable && !props.showSave && ` Key the days, then press ${ACTION_LABELS[saveAction]} above.`}
        </Typography>
        {editable && dirty && (
          <Button size="small" disabled={props.saving} onClick={props.onDiscard}>
            Discard changes
          </Button>
        )}
        {editable && props.showSave && (
          <Button size="small" variant="contained" disabled={!rows || rows.length === 0 || props.saving} onClick={() => rows && props.onSave(rows)}>
            {saveLabel(saveAction)}
          </Button>
        )}
      </Stack>
      {rows === null && <Alert severity="warning" sx={{ mb: 1 }}>A cell holds something that is not hours (0–24), A or C.</Alert>}
      {props.error && (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="attendance-error">
          {props.error}
        </Alert>
      )}
      {lines.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
          {detail.kind === 'adjustment'
            ? 'An adjustment carries no attendance: its amount is given when it is created.'
            : 'No child is authorized at this provider during the period, so there is no attendance to record.'}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Box
            component="table"
            aria-label="Attendance"
            aria-describedby="attendance-keys"
            data-rows={lines.length}
            data-cols={days.length}
            sx={{
              borderCollapse: 'collapse',
              width: '100%',
              fontSize: '0.75rem',
              // At 1280 px every day up to the 31st and the hours total fit; the child and the
              // total stay in view (sticky) when a zoomed or narrow window scrolls the days.
              '& th, & td': { border: 1, borderColor: 'divider', p: 0, textAlign: 'center', height: '1.75rem', minWidth: '1.55rem' },
              '& th.child, & td.child': {
                textAlign: 'left',
                px: 1,
                position: 'sticky',
                left: 0,
                bgcolor: 'background.paper',
                minWidth: '8rem',
                maxWidth: '11rem',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
                zIndex: 1,
              },
              '& th.total, & td.total': { position: 'sticky', right: 0, bgcolor: 'background.paper', zIndex: 1, px: '0.4rem', minWidth: '3rem', fontWeight: 600 },
              '& .weekend': { bgcolor: 'action.hover' },
              '& .closed': { bgcolor: 'action.disabledBackground' },
              '& input': { width: '100%', minWidth: '1.5rem', height: '1.65rem', border: 0, textAlign: 'center', font: 'inherit', color: 'inherit', bgcolor: 'transparent', p: 0 },
              '& input:focus': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
              '& .bad input': { bgcolor: 'error.light', color: 'error.contrastText' },
              '& .changed input': { fontWeight: 700, color: 'primary.main' },
            }}
          >
            <thead>
              <tr>
                <th className="child">Child</th>
                {days.map((d) => (
                  <th key={d} className={isWeekday(d) ? '' : 'weekend'} title={d}>
                    <div>{Number(d.slice(8))}</div>
                    <div style={{ fontWeight: 400, opacity: 0.7 }}>{WEEKDAY[new Date(`${d}T00:00:00Z`).getUTCDay()]}</div>
                  </th>
                ))}
                <th className="total">Hours</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line, rowIndex) => (
                <tr key={line.childId}>
                  <td className="child" title={line.caseNumber}>
                    {line.name}
                  </td>
                  {days.map((d, colIndex) => {
                    const key = cellKey(line.childId, d);
                    const text = value(key);
                    const open = isOpen(line, d);
                    const bad = parseCell(text) === undefined;
                    const changed = edits.has(key) && (original.get(key) ?? '') !== text.trim().toUpperCase();
                    const cls = [isWeekday(d) ? '' : 'weekend', open ? '' : 'closed', bad ? 'bad' : '', changed ? 'changed' : ''].join(' ');
                    return (
                      <td key={d} className={cls}>
                        {editable && open ? (
                          <input
                            value={text}
                            onChange={(e) => props.onEdit(key, e.target.value)}
                            aria-label={`${line.name} ${d}`}
                            data-row={rowIndex}
                            data-col={colIndex}
                            onKeyDown={moveInGrid}
                            maxLength={6}
                            disabled={props.saving}
                          />
                        ) : (
                          text
                        )}
                      </td>
                    );
                  })}
                  <td className="total" aria-label={`${line.name}: hours total`}>{total(line.childId)}</td>
                </tr>
              ))}
            </tbody>
          </Box>
        </Box>
      )}
    </Paper>
  );
});
