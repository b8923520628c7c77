import { useRef, type ReactNode } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';

/**
 * A button that picks a file and hands its name and text to the caller: the file is read in the
 * renderer, so the same code works in Electron and in the browser preview.
 */
export function FileImportButton(props: {
  label: string;
  accept: string;
  testId: string;
  busy?: boolean;
  icon?: ReactNode;
  variant?: 'text' | 'outlined' | 'contained';
  onFile: (fileName: string, content: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
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
