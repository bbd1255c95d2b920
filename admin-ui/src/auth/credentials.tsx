// What the sign-in page and the "sign in again" dialog share: the e-mail and password fields, the
// submit through `POST /auth/login`, and what a refused sign-in is told.
import { type FormEvent, type RefObject, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { signIn } from '../api/session';

/** What a refused sign-in is told: the server's code in words. */
export function signInError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return 'The e-mail or password is wrong.';
  if (error instanceof ApiError && error.code === 'RATE_LIMITED' && error.retryAfter) {
    return `Too many attempts. Wait ${error.retryAfter} seconds, then try again.`;
  }
  return errorMessage(error);
}

export interface Credentials {
  email: string;
  setEmail: (email: string) => void;
  password: string;
  setPassword: (password: string) => void;
  busy: boolean;
  error: unknown;
  passwordField: RefObject<HTMLInputElement | null>;
  /** Signs in; a refusal is kept in `error`, and focus goes to the password, its text selected. */
  submit: (event: FormEvent) => Promise<void>;
}

/** The state of a sign-in form, starting from `initialEmail`. */
export function useCredentials(initialEmail = ''): Credentials {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      // Signed in: the page moves on, or the dialog closes and what waited goes on.
    } catch (e) {
      setError(e);
      setBusy(false);
      // A wrong password is typed again: focus on its field, its text selected.
      passwordField.current?.focus();
      passwordField.current?.select();
    }
  }

  return { email, setEmail, password, setPassword, busy, error, passwordField, submit };
}

/** The refusal (when there is one) and the e-mail and password fields of `form`. */
export function CredentialFields({
  form,
  emailField,
  autoFocusEmail = false,
}: {
  form: Credentials;
  emailField?: RefObject<HTMLInputElement | null>;
  autoFocusEmail?: boolean;
}) {
  return (
    <>
      {form.error != null && (
        <div className="alert alert-error" role="alert">
          <p>{signInError(form.error)}</p>
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
          autoFocus={autoFocusEmail}
          value={form.email}
          onChange={(e) => form.setEmail(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          ref={form.passwordField}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={form.password}
          onChange={(e) => form.setPassword(e.target.value)}
        />
      </label>
    </>
  );
}
