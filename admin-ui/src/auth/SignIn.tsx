// The sign-in page (`POST /auth/login`). After signing in, the user returns to the page they were on
// (`?next=`); a sign-in in another tab of the browser signs this one in too.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { safeNext } from '../api/client';
import { signIn } from '../api/session';
import { signInError } from './ReauthDialog';
import { useSession } from './viewer';

export function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const expired = params.get('reason') === 'expired';
  const current = useSession();
  const signedOut = current.status === 'signed-out' && current.reason === 'signed-out';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in · partnergraph';
  }, []);

  // Signed in (here, or in another tab of this browser): on to the page asked for.
  useEffect(() => {
    if (current.status === 'signed-in') navigate(next, { replace: true });
  }, [current.status, navigate, next]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e);
      setBusy(false);
      // A wrong password is typed again: focus on its field, its text selected.
      passwordField.current?.focus();
      passwordField.current?.select();
    }
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" noValidate={false}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          partnergraph
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Solutions Partner designations administration</p>
        {signedOut && !expired && !error && (
          <div className="alert alert-info" role="status">
            You are signed out.
          </div>
        )}
        {expired && !error && (
          <div className="alert alert-info" role="status">
            Your session has ended. Sign in again to return to where you were.
          </div>
        )}
        {error != null && (
          <div className="alert alert-error" role="alert">
            <p>{signInError(error)}</p>
          </div>
        )}
        <label className="field">
          <span>E-mail</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
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
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
