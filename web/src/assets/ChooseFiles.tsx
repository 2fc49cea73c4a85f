import { useRef } from 'react';

/**
 * A button that opens the file picker (a styled button, not the browser's own file field, which
 * cannot be styled to match); the field itself is hidden and labelled, and resets after each pick
 * so the same file can be chosen again.
 */
export function ChooseFiles({ label, accept, multiple = false, onFiles, className = 'button', testId }: { label: string; accept: string; multiple?: boolean; onFiles: (files: File[]) => void; className?: string; testId?: string }) {
  const field = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} data-testid={testId} onClick={() => field.current?.click()}>
        {label}
      </button>
      <input
        ref={field}
        type="file"
        hidden
        aria-label={label}
        accept={accept}
        multiple={multiple}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
