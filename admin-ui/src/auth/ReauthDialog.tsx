// "Your session ended — sign in again": a modal dialog over the page when the server's session is
// over (expired, revoked, a new password) while the user is working. The page behind it stays as it
// was (a half-filled form keeps its text); after the sign-in, what waited for it is sent again and
// focus goes back to where it was.
import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { signOut } from '../api/session';
import { CredentialFields, useCredentials } from './credentials';

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
  const form = useCredentials(known);
  const dialog = useRef<HTMLDivElement>(null);
  const emailField = useRef<HTMLInputElement>(null);

  // Focus on the password (the e-mail is known), or on the e-mail when it is not.
  useEffect(() => {
    (known ? form.passwordField : emailField).current?.focus();
  }, [known]);

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
        <form onSubmit={(e) => void form.submit(e)} className="modal-form">
          <h2 id={`${id}-title`}>Your session ended — sign in again</h2>
          <p id={`${id}-help`} className="muted">
            Sign in to go on where you were: this page and what you typed stay as they are.
          </p>
          <CredentialFields form={form} emailField={emailField} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.busy}>
              {form.busy ? 'Signing in…' : 'Sign in'}
            </button>
            <button type="button" className="button button-ghost" onClick={() => void signOut()} disabled={form.busy}>
              Sign out
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
