import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { HandlerArgs } from '../../../../shared/api/contract';
import { AppError, type ErrorIssue } from '../../../../shared/api/errors';
import type { PickedFile } from '../../components/FileImportButton';
import { paymentKeys, viewKeys } from './queries';

/** After any change, every payments view (tabs, counts, details, history) is stale. */
function useRefreshPayments() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: paymentKeys.all });
}

export function useAct() {
  const refresh = useRefreshPayments();
  return useMutation({ mutationFn: (args: HandlerArgs<'payments-act'>) => call('payments-act', args), onSettled: refresh });
}

export function useApplyBulk() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'payments-apply-bulk'>) => call('payments-apply-bulk', args),
    onSettled: refresh,
  });
}

export function useGenerate() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'payments-generate'>) => call('payments-generate', args),
    onSettled: refresh,
  });
}

/** What became of one submission file. */
export type SubmissionFileOutcome =
  | { fileName: string; status: 'imported' | 'already-imported'; paymentId: number; message: string }
  | { fileName: string; status: 'refused'; message: string; issues: ErrorIssue[] };

/**
 * Digital submission files, one after another through the same handler, each all or nothing: a
 * refused file changes nothing and the next one still imports. Every file's outcome, in order.
 */
export function useImportSubmissionFiles() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: async ({ files, onFile }: { files: PickedFile[]; onFile: (index: number, fileName: string) => void }) => {
      const outcomes: SubmissionFileOutcome[] = [];
      for (const [index, file] of files.entries()) {
        onFile(index, file.fileName);
        try {
          const r = await call('intake-import-submission', { fileName: file.fileName, content: await file.read() });
          outcomes.push({ fileName: file.fileName, status: r.status, paymentId: r.paymentId, message: r.message });
        } catch (err) {
          const e = AppError.from(err);
          outcomes.push({ fileName: file.fileName, status: 'refused', message: e.message, issues: e.issues ?? [] });
        }
      }
      return outcomes;
    },
    onSettled: refresh,
  });
}

export function useImportPaperCsv() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'intake-import-paper-csv'>) => call('intake-import-paper-csv', args),
    onSettled: refresh,
  });
}

export function useCreateAdjustment() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'adjustments-create'>) => call('adjustments-create', args),
    onSettled: refresh,
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HandlerArgs<'views-save'>) => call('views-save', args),
    onSettled: () => client.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HandlerArgs<'views-delete'>) => call('views-delete', args),
    onSettled: () => client.invalidateQueries({ queryKey: viewKeys.all }),
  });
}

/** Prints a period's attendance sheets (or one provider's): the PDF and templates come back; the sheets are marked printed. */
export function usePrintSheets() {
  const refresh = useRefreshPayments();
  return useMutation({
    mutationFn: (args: HandlerArgs<'attendance-sheets-print'>) => call('attendance-sheets-print', args),
    onSettled: refresh,
  });
}
