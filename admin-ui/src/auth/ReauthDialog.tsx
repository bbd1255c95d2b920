// "Your session ended — sign in again": a modal dialog over the page when the server's session is
// over (expired, revoked, a new password) while the user is working. The page behind it stays as it
// was (a half-filled form keeps its text); after the sign-in, what waited for it is sent again and
// focus goes back to where it was.
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { signIn, signOut } from '../api/session';

/** What a refused sign-in is told: the server's code in words. */
export function signInError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return 'The e-mail or password is wrong.';
  if (error instanceof ApiError && error.code === 'RATE_LIMITED' && error.retryAfter) {
    return `Too many attempts. Wait ${error.retryAfter} seconds, then try again.`;
  }
  return errorMessage(error);
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside `root`. */
function trapFocus(root: HTMLElement | null, event: KeyboardEvent) {
  if (event.key !== 'Tab' || !root) return;
  const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !root.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !root.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

export function ReauthDialog({ email: known }: { email: string }) {
  const id = useId();
  const [email, setEmail] = useState(known);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  // Focus on the password (the e-mail is known), or on the e-mail when it is not.
  useEffect(() => {
    (known ? passwordField : emailField).current?.focus();
  }, [known]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      // The session is back: the app closes this dialog and what waited goes on.
    } catch (e) {
      setError(e);
      setBusy(false);
      passwordField.current?.focus();
      passwordField.current?.select();
    }
  }

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-help`}
        onKeyDown={(e) => trapFocus(dialog.current, e)}
      >
        <form onSubmit={submit} className="modal-form">
          <h2 id={`${id}-title`}>Your session ended — sign in again</h2>
          <p id={`${id}-help`} className="muted">
            Sign in to go on where you were: this page and what you typed stay as they are.
          </p>
          {error != null && (
            <div className="alert alert-error" role="alert">
              <p>{signInError(error)}</p>
            </div>
          )}
          <label className="field">
            <span>E-mail</span>
            <input
              ref={emailField}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              ref={passwordField}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
            <button type="button" className="button button-ghost" onClick={() => void signOut()} disabled={busy}>
              Sign out
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
