import { useRef, type ReactNode } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';

/** A picked file: its name now, its text when the caller gets to it (files are read one at a time). */
export interface PickedFile {
  fileName: string;
  read: () => Promise<string>;
}

/**
 * A button that picks a file (or, with onFiles, several) and hands the caller their names and
 * text: files are read in the renderer, so the same code works in Electron and in the browser
 * preview.
 */
export function FileImportButton(props: {
  label: string;
  accept: string;
  testId: string;
  busy?: boolean;
  icon?: ReactNode;
  variant?: 'text' | 'outlined' | 'contained';
  /** One file, read. */
  onFile?: (fileName: string, content: string) => void;
  /** Several files at once, in the order picked. */
  onFiles?: (files: PickedFile[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { onFile, onFiles } = props;
  return (
    <>
      <Button
        variant={props.variant ?? 'outlined'}
        startIcon={props.icon ?? <UploadFileIcon />}
        onClick={() => input.current?.click()}
        disabled={props.busy}
      >
        {props.label}
      </Button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        multiple={!!onFiles}
        hidden
        data-testid={props.testId}
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          if (onFiles) onFiles(files.map((f) => ({ fileName: f.name, read: () => f.text() })));
          else onFile?.(files[0].name, await files[0].text());
        }}
      />
    </>
  );
}
