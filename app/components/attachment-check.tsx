// The browser's check of an upload form's files before sending (app/domain/attachment-check.ts):
// a file that could never be accepted is not sent for 20 MB only to be refused, and the user
// learns why on the field, in their language. Without scripts the server says the same.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { checkChosenFiles, type FileCheckError } from '~/domain/attachment-check';

function chosenFiles(input: HTMLInputElement | null) {
  return Array.from(input?.files ?? []).map((f) => ({ name: f.name, size: f.size }));
}

/**
 * `inputProps` go on the file input, `onSubmit` runs first in the form's submit handler (it
 * cancels the submission when the files do not pass), `error` is the reason, or null.
 */
export function useAttachmentCheck() {
  const [error, setError] = useState<FileCheckError | null>(null);
  const check = (input: HTMLInputElement | null) => {
    const found = checkChosenFiles(chosenFiles(input));
    setError(found);
    return found;
  };
  return {
    error,
    inputProps: {
      onChange: (event: ChangeEvent<HTMLInputElement>) => check(event.currentTarget),
      'aria-invalid': error ? true : undefined,
    },
    onSubmit(event: FormEvent<HTMLFormElement>) {
      const input = event.currentTarget.querySelector<HTMLInputElement>('input[type="file"]');
      if (check(input)) {
        event.preventDefault();
        input?.focus();
      }
    },
  };
}
