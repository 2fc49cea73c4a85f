import { useCallback, useState } from 'react';
import { ZodError } from 'zod';
import { DocumentError } from '../../../documents/document-error.js';

/** What a refused document operation means, for people. */
export function operationErrorText(caught: unknown): string {
  if (caught instanceof DocumentError) {
    const issues = caught.details.issues ?? [];
    const why = issues.length > 0 ? issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ') : caught.message;
    switch (caught.code) {
      case 'NOT_FOUND':
        return `Not saved: it is no longer there (${caught.message}); someone may have removed it.`;
      case 'NOT_AUTHOR':
        return 'Not saved: only its author may change that.';
      default:
        return `Not saved: ${why}.`;
    }
  }
  if (caught instanceof ZodError) return `Not saved: ${caught.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ')}.`;
  if (caught instanceof Error) return `Not saved: ${caught.message}`;
  return 'Not saved: that did not work.';
}

/**
 * Runs document operations from event handlers: whatever they throw (a refused write throws
 * before changing anything) becomes a message on the page instead of an uncaught error.
 */
export function useOperation() {
  const [error, setError] = useState<string | null>(null);
  /** Whether the operation went through. */
  const run = useCallback((operation: () => void): boolean => {
    try {
      operation();
      setError(null);
      return true;
    } catch (caught) {
      setError(operationErrorText(caught));
      return false;
    }
  }, []);
  const dismiss = useCallback(() => setError(null), []);
  return { error, run, dismiss, setError };
}

export function OperationError({ error, onDismiss }: { error: string | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <p className="error operation-error" role="alert" data-testid="operation-error">
      {error}{' '}
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
