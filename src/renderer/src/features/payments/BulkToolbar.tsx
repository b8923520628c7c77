import { useState, type ReactNode } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import { ACTION_LABELS, requiresReason, type ActionName } from '../../../../shared/workflow/actions';
import type { Group } from '../../../../shared/domain/words';
import type { PaymentRow } from '../../../../shared/api/contract/payments';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { ReasonDialog, finalActionOf } from '../../components/ReasonDialog';
import { BulkResultDialog, type BulkOutcome } from '../../components/BulkResultDialog';
import { ProgressDialog } from '../../components/ProgressDialog';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { bulkActions, bulkActionsOfGroups } from './applicable';
import { useActionReasons } from './queries';
import { useApplyBulk } from './mutations';

/** Every item of the tab as the grid shows it (filters, search), offered when the whole page is selected and the view holds more. */
export interface WholeView {
  count: number;
  /** e.g. "Submitted", or "Submitted (as filtered)". */
  name: string;
  view: NonNullable<HandlerArgs<'payments-apply-bulk'>['view']>;
}

/**
 * Actions on the selected rows: only those the user's groups may take on at least one of them
 * (read from the actions table). When the whole page is selected the user may extend the
 * selection to every item of the view: the core then reads the items from the grid's own query.
 * The core applies the rule row by row; the result dialog lists how many succeeded and why each
 * refusal happened.
 */
export function BulkToolbar(props: { rows: PaymentRow[]; groups: readonly Group[]; onClear: () => void; idle: ReactNode; wholeView?: WholeView }) {
  const { rows, groups, onClear, wholeView } = props;
  const [action, setAction] = useState<ActionName | null>(null);
  const [outcome, setOutcome] = useState<{ action: ActionName; outcomes: BulkOutcome[] } | null>(null);
  // The page selection the user extended to the whole view; any change of selection undoes it.
  const [extended, setExtended] = useState<PaymentRow[] | null>(null);
  const all = wholeView !== undefined && extended === rows;
  const reasons = useActionReasons(action && requiresReason(action) ? action : null);
  const bulk = useApplyBulk();
  const notify = useNotify();
  const offered = all ? bulkActionsOfGroups(groups).map((a) => ({ action: a, applies: null })) : bulkActions(groups, rows);
  const applies = offered.find((o) => o.action === action)?.applies ?? 0;
  const count = all ? wholeView.count : rows.length;

  const run = (reason: { code?: string; comment?: string }) => {
    if (!action) return;
    const names = new Map(rows.map((r) => [r.id, r.providerName]));
    const items = all ? { view: wholeView.view } : { ids: rows.map((r) => r.id) };
    bulk.mutate(
      { ...items, action, reason: reason.code || reason.comment ? { code: reason.code ?? '', comment: reason.comment } : undefined },
      {
        onSuccess: (res) => {
          notify(res.refused === 0 ? 'success' : 'warning', `${ACTION_LABELS[action]}: ${res.succeeded} succeeded, ${res.refused} refused.`);
          setOutcome({
            action,
            outcomes: res.results.map((r) => ({ id: r.id, ok: r.ok, label: names.get(r.id), message: r.error?.message })),
          });
          setAction(null);
          onClear();
        },
        onError: (err) => notify('error', errorMessage(err)),
      },
    );
  };

  const subject = all
    ? `All ${count} items in ${wholeView.name}. Each is checked on its own: those the action does not apply to are refused with the reason.`
    : applies === rows.length
      ? `${rows.length} selected item${rows.length === 1 ? '' : 's'}.`
      : `${rows.length} selected items; it applies to ${applies} of them, the others will be refused with the reason.`;

  // The dialogs stay mounted when the selection empties (the result outlives the selection).
  return (
    <>
      {rows.length === 0 ? (
        props.idle
      ) : (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }} data-testid="bulk-toolbar">
          <Typography variant="body2" sx={{ fontWeight: 600, mr: 1 }} data-testid="bulk-selected">
            {all ? `All ${count} in ${wholeView.name} selected` : `${rows.length} selected`}
          </Typography>
          {wholeView &&
            (all ? (
              <Button size="small" onClick={() => setExtended(null)}>
                Select only this page ({rows.length})
              </Button>
            ) : (
              <Button size="small" onClick={() => setExtended(rows)}>
                Select all {wholeView.count} in {wholeView.name}
              </Button>
            ))}
          {offered.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              No action of yours applies to the selection.
            </Typography>
          )}
          {offered.map((o) => (
            <Button
              key={o.action}
              size="small"
              variant="outlined"
              onClick={() => {
                bulk.reset();
                setAction(o.action);
              }}
            >
              {ACTION_LABELS[o.action]}
              {o.applies === null ? '' : ` (${o.applies})`}
            </Button>
          ))}
          <Button size="small" onClick={onClear}>
            Clear selection
          </Button>
        </Stack>
      )}
      <ReasonDialog
        open={action !== null}
        actionLabel={action ? ACTION_LABELS[action] : ''}
        subject={subject}
        reasons={action && requiresReason(action) ? (reasons.data ?? []) : null}
        pending={bulk.isPending}
        error={bulk.isError ? errorMessage(bulk.error) : null}
        onConfirm={run}
        onClose={() => setAction(null)}
        final={finalActionOf(action)}
      />
      <ProgressDialog open={bulk.isPending && count > 50} title={`${action ? ACTION_LABELS[action] : ''}: ${count} items`} task="payments-apply-bulk" />
      <BulkResultDialog
        open={outcome !== null}
        actionLabel={outcome ? ACTION_LABELS[outcome.action] : ''}
        outcomes={outcome?.outcomes ?? []}
        onClose={() => setOutcome(null)}
      />
    </>
  );
}
