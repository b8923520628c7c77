import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Stack } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import type { SessionUser } from '../../../../../shared/api/contract/session';
import { ACTION_LABELS, requiresReason, type ActionName } from '../../../../../shared/workflow/actions';
import { eachDay } from '../../../../../shared/domain/dates';
import { ReasonDialog, finalActionOf } from '../../../components/ReasonDialog';
import { useNotify } from '../../../components/Notifier';
import { useShortcuts } from '../../../components/shortcuts';
import { errorMessage } from '../../../api/client';
import { navigate, useRouteQuery } from '../../../router';
import { viewFromQuery, viewToQuery } from '../view';
import { ViewNavigation } from './ViewNavigation';
import { ATTENDANCE_ACTIONS, mayTake } from '../applicable';
import { formatAmount, KIND_LABELS } from '../columns';
import { useAct } from '../mutations';
import { NewAdjustmentButton } from '../NewAdjustmentDialog';
import { PrintSheetsButton } from '../PrintSheetsButton';
import { useActionReasons, usePayment, usePaymentHistory } from '../queries';
import { ActionMenu } from './ActionMenu';
import { AttendanceGrid, saveLabel } from './AttendanceGrid';
import { CalculationTable } from './CalculationTable';
import { DetailsHeader } from './DetailsHeader';
import { HistoryTimeline } from './HistoryTimeline';
import { HoldPanel } from './HoldPanel';
import { RelatedItems } from './RelatedItems';
import { changedRows, childLines, originalCells, sheetRows, type AttendanceRowInput } from './attendance';

/** #/payments/<id>: one screen for payments and adjustments. */
export function InvoiceDetailsPage({ id, user }: { id: number; user: SessionUser }) {
  const detail = usePayment(id);
  // The list's view rides along in the address: Back returns to it, previous and next walk it.
  const routeQuery = useRouteQuery();
  const view = useMemo(() => viewFromQuery(routeQuery), [routeQuery]);
  const back = () => navigate('payments', viewToQuery(view));
  const history = usePaymentHistory(id);
  const d = detail.data;
  const act = useAct();
  const notify = useNotify();
  const [reasonFor, setReasonFor] = useState<ActionName | null>(null);
  const reasons = useActionReasons(reasonFor);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [attendanceError, setAttendanceError] = useState<string | null>(null);
  const [edits, setEdits] = useState(new Map<string, string>());
  const gridRef = useRef<HTMLDivElement>(null);
  useEffect(() => setEdits(new Map()), [d?.version, id]);
  const lines = useMemo(() => (d ? childLines(d) : []), [d]);
  // Shortcuts (listed by "?"): a key takes its action only when the action is open to the user.
  const shortcut = (action: ActionName) => () => {
    if (d && !act.isPending && d.allowedActions.includes(action)) chooseRef.current?.(action);
  };
  const chooseRef = useRef<((action: ActionName) => void) | null>(null);
  useShortcuts({
    c: shortcut('calculate'),
    a: shortcut('authorize'),
    s: shortcut('start-review'),
    h: shortcut('place-hold'),
    r: shortcut('request-corrections'),
    d: shortcut('deny'),
    e: () => {
      const action = d && ATTENDANCE_ACTIONS.find((x) => d.allowedActions.includes(x));
      if (action) chooseRef.current?.(action);
      else gridRef.current?.querySelector('input')?.focus();
    },
    m: () => document.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')?.click(),
    b: () => navigate('payments'),
  });

  if (detail.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (!d) {
    return (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Alert severity="error">{errorMessage(detail.error)}</Alert>
        <Button onClick={back}>Back to Provider Payments</Button>
      </Stack>
    );
  }

  const facts = { ...d.state, payorKind: d.payor.kind, kind: d.kind };
  const canSubmit = mayTake('submit-for-payment', user.groups, facts);
  // The attendance action the grid's save takes: what the drop-down allows, or Submit for payment.
  const saveAction =
    ATTENDANCE_ACTIONS.find((a) => d.allowedActions.includes(a)) ?? (canSubmit ? ('submit-for-payment' as const) : null);
  const label = `${KIND_LABELS[d.kind]} ${d.id}`;

  const run = (action: ActionName, extra: { reason?: { code: string; comment?: string }; rows?: AttendanceRowInput[] } = {}) => {
    setRefusal(null);
    setAttendanceError(null);
    act.mutate(
      {
        paymentId: d.id,
        action,
        reason: extra.reason,
        attendance: extra.rows && extra.rows.length > 0 ? { rows: extra.rows } : undefined,
        expectedVersion: d.version,
      },
      {
        onSuccess: (r) => {
          setReasonFor(null);
          // Submit for payment moves only the submission status: say that, and what comes next.
          notify(
            'success',
            action === 'submit-for-payment'
              ? `Submitted for payment: ${label} is now ${r.state.submissionStatus}; it waits for the parent's signature.`
              : action === 'calculate'
                ? // What a calculation is for: the amount (and what it was before, when it changed).
                  `Calculated: ${label} comes to ${formatAmount(r.state.amountCents)}${
                    d.state.amountCents !== null && d.state.amountCents !== r.state.amountCents ? ` (was ${formatAmount(d.state.amountCents)})` : ''
                  }. Next: Authorize.`
                : `${ACTION_LABELS[action]}: ${label} is now ${r.state.invoiceStatus} / ${r.state.subStatus} (payment status ${r.state.paymentStatus}).`,
          );
        },
        onError: (err) => {
          const message = errorMessage(err);
          notify('error', message);
          if (extra.rows) setAttendanceError(message);
          else if (!reasonFor) setRefusal(message);
        },
      },
    );
  };

  const choose = (action: ActionName) => {
    if (action === 'record-paper-attendance' || action === 'edit-attendance' || action === 'record-attendance-paid-in-advance') {
      // After the menu has closed (it gives the focus back to its button), move it to the grid.
      window.setTimeout(() => {
        gridRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        gridRef.current?.querySelector('input')?.focus();
      }, 50);
      notify('info', `Change the attendance below, then press "${saveLabel(action)}".`);
    } else if (requiresReason(action)) {
      act.reset();
      setReasonFor(action);
    } else {
      // Submit corrections may carry the attendance the user corrected in the grid.
      const rows = action === 'submit-corrections' ? changedRows(edits, originalCells(d)) : [];
      if (rows === null) return notify('warning', 'A cell holds something that is not hours (0–24), A or C.');
      run(action, rows.length > 0 ? { rows } : {});
    }
  };

  chooseRef.current = choose;

  const submitSheet = () => {
    const rows = sheetRows(lines, eachDay(d.period.startDate, d.period.endDate), edits, originalCells(d));
    if (!rows) return notify('warning', 'A cell holds something that is not hours (0–24), A or C.');
    run('submit-for-payment', { rows });
  };

  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', mx: -3, px: 3, pb: 2 }}>
      <Stack spacing={2}>
        <DetailsHeader
          detail={d}
          onBack={back}
          navigation={<ViewNavigation paymentId={d.id} periodId={d.period.id} view={view} />}
          actions={
            <>
              {canSubmit && lines.length > 0 && (
                <Button variant="outlined" startIcon={<SendIcon />} onClick={submitSheet} disabled={act.isPending}>
                  {ACTION_LABELS['submit-for-payment']}
                </Button>
              )}
              {user.groups.includes('Approver') && d.kind === 'payment' && (
                <PrintSheetsButton periodId={d.period.id} periodLabel={d.period.label} provider={{ id: d.provider.id, name: d.provider.name }} />
              )}
              {user.groups.includes('Approver') && d.kind === 'payment' && (
                <NewAdjustmentButton
                  from={{ paymentId: d.id, periodId: d.period.id, provider: { id: d.provider.id, name: d.provider.name, licenseNumber: d.provider.licenseNumber } }}
                />
              )}
              <ActionMenu allowed={d.allowedActions} disabled={act.isPending} onChoose={choose} />
            </>
          }
        />
        {refusal && (
          <Alert severity="error" onClose={() => setRefusal(null)} data-testid="action-refusal">
            {refusal}
          </Alert>
        )}
        {d.hold && <HoldPanel hold={d.hold} />}
        {d.kind === 'payment' && (
          <AttendanceGrid
            ref={gridRef}
            detail={d}
            lines={lines}
            saveAction={saveAction}
            showSave={saveAction !== 'submit-for-payment'}
            saving={act.isPending}
            error={attendanceError}
            edits={edits}
            onEdit={(key, text) => setEdits((m) => new Map(m).set(key, text))}
            onDiscard={() => setEdits(new Map())}
            onSave={(rows) => saveAction && run(saveAction, { rows })}
          />
        )}
        <CalculationTable detail={d} />
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' }, alignItems: 'start' }}>
          <HistoryTimeline events={history.data} />
          <RelatedItems detail={d} />
        </Box>
      </Stack>
      <ReasonDialog
        open={reasonFor !== null}
        actionLabel={reasonFor ? ACTION_LABELS[reasonFor] : ''}
        subject={`${label} — ${d.provider.name}, ${d.period.label}`}
        reasons={reasons.data ?? []}
        pending={act.isPending}
        error={act.isError && reasonFor ? errorMessage(act.error) : null}
        onConfirm={(r) => reasonFor && run(reasonFor, { reason: { code: r.code ?? '', comment: r.comment } })}
        onClose={() => setReasonFor(null)}
        final={finalActionOf(reasonFor)}
      />
    </Box>
  );
}
