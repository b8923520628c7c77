import { memo, useState } from 'react';
import { Button, Stack } from '@mui/material';
import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import type { Group } from '../../../../shared/domain/words';
import { ProgressDialog, type ProgressStep } from '../../components/ProgressDialog';
import { FileImportButton, type PickedFile } from '../../components/FileImportButton';
import { ImportFileButton } from '../../components/ImportFileButton';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useGenerate, useImportPaperCsv, useImportSubmissionFiles, type SubmissionFileOutcome } from './mutations';
import { SubmissionResultsDialog } from './SubmissionResultsDialog';
import { PrintSheetsButton } from './PrintSheetsButton';

/** Generate payments for the period; progress comes from the core's events. */
export function GenerateButton(props: { periodId: number; periodLabel: string; variant?: 'contained' | 'outlined' }) {
  const generate = useGenerate();
  const notify = useNotify();
  // mutateAsync: the result is told even when this button is gone (the empty state it sits in
  // gives way to the grid as soon as the new payments arrive).
  const run = () =>
    generate.mutateAsync({ periodId: props.periodId }).then(
      (r) =>
        notify(
          r.notCalculated.length > 0 ? 'warning' : 'success',
          `Generate payments for ${props.periodLabel}: ${r.created} created, ${r.existing} already existed.` +
            (r.basis === 'prospective'
              ? ` Paid in advance: ${r.calculatedInAdvance} calculated on enrollment, ready to authorize` +
                (r.notCalculated.length > 0 ? `; ${r.notCalculated.length} not calculated (${r.notCalculated[0].message})` : '') +
                '.'
              : ''),
        ),
      (err: unknown) => notify('error', errorMessage(err)),
    );
  return (
    <>
      <Button variant={props.variant ?? 'outlined'} startIcon={<PlaylistAddIcon />} onClick={run} disabled={generate.isPending}>
        Generate payments
      </Button>
      <ProgressDialog open={generate.isPending} title={`Generating payments for ${props.periodLabel}`} />
    </>
  );
}

/**
 * The period's intake: generation and the two attendance imports. Submission files (one per
 * provider) are picked several at once and imported one after another, with progress; paper
 * attendance is one file. A refused file lists its errors by row and field and changes nothing.
 */
// Memoized: a tab switch re-renders the page, and these buttons do not depend on the tab.
export const IntakeActions = memo(function IntakeActions({ periodId, periodLabel, groups }: { periodId: number; periodLabel: string; groups: readonly Group[] }) {
  const submissions = useImportSubmissionFiles();
  const paper = useImportPaperCsv();
  const notify = useNotify();
  const [step, setStep] = useState<ProgressStep | null>(null);
  const [outcomes, setOutcomes] = useState<SubmissionFileOutcome[] | null>(null);
  // Offered to the groups the core lets do it (it checks again).
  const approver = groups.includes('Approver');
  if (!approver && !groups.includes('Provider')) return null;

  const importSubmissions = async (files: PickedFile[]) => {
    const onFile = (index: number, fileName: string) => setStep({ done: index, total: files.length, text: `File ${index + 1} of ${files.length}: ${fileName}` });
    try {
      const result = await submissions.mutateAsync({ files, onFile });
      // One file taken: a message is enough; anything else is listed file by file.
      if (result.length === 1 && result[0].status !== 'refused') notify(result[0].status === 'imported' ? 'success' : 'info', result[0].message);
      else setOutcomes(result);
    } catch (err) {
      notify('error', errorMessage(err));
    } finally {
      setStep(null);
    }
  };

  return (
    <Stack direction="row" spacing={1} sx={{ pt: 0.5 }}>
      {approver && <GenerateButton periodId={periodId} periodLabel={periodLabel} />}
      <FileImportButton
        label="Import submission"
        accept=".json,application/json"
        testId="import-submission-file"
        busy={submissions.isPending || paper.isPending}
        onFiles={importSubmissions}
      />
      {approver && (
        <ImportFileButton
          label="Import paper attendance"
          accept=".csv,text/csv"
          testId="import-paper-file"
          progressTask="import-paper"
          run={(fileName, content) => paper.mutateAsync({ fileName, content })}
          summarize={(r) => ({
            counts: [
              ['Days in the file', r.rows],
              ['Payments', r.items.length],
              ['Paper attendance recorded', r.recorded],
              ['Attendance edited', r.edited],
              ['Corrections submitted', r.corrected],
            ],
          })}
        />
      )}
      {approver && <PrintSheetsButton periodId={periodId} periodLabel={periodLabel} />}
      <ProgressDialog open={submissions.isPending} title="Importing submissions" step={step ?? undefined} />
      <SubmissionResultsDialog outcomes={outcomes} onClose={() => setOutcomes(null)} />
    </Stack>
  );
});
