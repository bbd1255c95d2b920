// Shared feedback: a progress indicator for anything slow and a clear message for every error.
import { ApiError, errorMessage } from '../api/client';

/** A progress indicator announced to screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** An error, with the message for its code and a retry when one makes sense. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  return (
    <div className="alert alert-error" role="alert" data-code={code}>
      <p>{errorMessage(error)}</p>
      {onRetry && code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN' && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A short confirmation after a change. */
export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}
