import type { FileRef } from '../../../../shared/api/contract/export';
import { errorMessage, openFile, printFile, saveFileAs } from '../../api/client';
import { useNotify } from '../../components/Notifier';

/** Open, print or save a copy of a batch's file (named by batch and kind); a refusal is shown, not lost. */
export function useBatchFiles() {
  const notify = useNotify();
  const wrap = (action: (file: FileRef) => Promise<void>) => (file: FileRef) => void action(file).catch((err: unknown) => notify('error', errorMessage(err)));
  return { open: wrap(openFile), print: wrap(printFile), save: wrap(saveFileAs) };
}
