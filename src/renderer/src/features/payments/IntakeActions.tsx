import { useRef, useState } from 'react';
import { Button, Stack } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import { AppError, type ErrorIssue } from '../../../../shared/api/errors';
import type { Group } from '../../../../shared/domain/words';
import { ProgressDialog } from '../../components/ProgressDialog';
import { FileErrorsDialog } from '../../components/FileErrorsDialog';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useGenerate, useImportPaperCsv, useImportSubmission } from './mutations';

/** Generate payments for the period; progress comes from the core's events. */
export function GenerateButton(props: { periodId: number; periodLabel: string; variant?: 'contained' | 'outlined' }) {
  const generate = useGenerate();
  const notify = useNotify();
  // mutateAsync: the result is told even when this button is gone (the empty state it sits in
  // gives way to the grid as soon as the new payments arrive).
  const run = () =>
    generate.mutateAsync({ periodId: props.periodId }).then(
      (r) => notify('success', `Generate payments for ${props.periodLabel}: ${r.created} created, ${r.existing} already existed.`),
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

interface FileRefusal {
  title: string;
  message: string;
  issues: ErrorIssue[];
}

/** A button that picks a file, reads its text and hands it to the core (the same way in Electron and the browser). */
function ImportButton(props: { label: string; accept: string; testId: string; onFile: (fileName: string, content: string) => void; busy: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()} disabled={props.busy}>
        {props.label}
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        hidden
        data-testid={props.testId}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) props.onFile(file.name, await file.text());
        }}
      />
    </>
  );
}

/** The period's intake: generation and the two attendance imports, with progress and the file's errors by row and field. */
export function IntakeActions({ periodId, periodLabel, groups }: { periodId: number; periodLabel: string; groups: readonly Group[] }) {
  const submission = useImportSubmission();
  const paper = useImportPaperCsv();
  const notify = useNotify();
  const [refusal, setRefusal] = useState<FileRefusal | null>(null);
  const onError = (title: string) => (err: unknown) => {
    const e = AppError.from(err);
    if (e.issues?.length) setRefusal({ title, message: e.message, issues: e.issues });
    else notify('error', errorMessage(err));
  };
  const busy = submission.isPending || paper.isPending;
  // Offered to the groups the core lets do it (it checks again).
  const approver = groups.includes('Approver');
  if (!approver && !groups.includes('Provider')) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ pt: 0.5 }}>
      {approver && <GenerateButton periodId={periodId} periodLabel={periodLabel} />}
      <ImportButton
        label="Import submission"
        accept=".json,application/json"
        testId="import-submission-file"
        busy={busy}
        onFile={(fileName, content) =>
          submission.mutate(
            { fileName, content },
            { onSuccess: (r) => notify('success', `${fileName}: ${r.message}`), onError: onError(`${fileName} was not imported`) },
          )
        }
      />
      {approver && (
        <ImportButton
          label="Import paper attendance"
          accept=".csv,text/csv"
          testId="import-paper-file"
          busy={busy}
          onFile={(fileName, content) =>
            paper.mutate(
              { fileName, content },
              { onSuccess: (r) => notify('success', `${fileName}: ${r.message}`), onError: onError(`${fileName} was not imported`) },
            )
          }
        />
      )}
      <ProgressDialog open={busy} title="Importing attendance" />
      <FileErrorsDialog
        open={refusal !== null}
        title={refusal?.title ?? ''}
        message={refusal?.message ?? ''}
        issues={refusal?.issues ?? []}
        onClose={() => setRefusal(null)}
      />
    </Stack>
  );
}
