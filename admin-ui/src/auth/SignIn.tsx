// The sign-in page (`POST /auth/login`). After signing in, the user returns to the page they were on
// (`?next=`); a sign-in in another tab of the browser signs this one in too.
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { safeNext } from '../api/client';
import { CredentialFields, useCredentials } from './credentials';
import { useSession } from './viewer';

export function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const expired = params.get('reason') === 'expired';
  const current = useSession();
  const signedOut = current.status === 'signed-out' && current.reason === 'signed-out';
  const form = useCredentials();

  useEffect(() => {
    document.title = 'Sign in · partnergraph';
  }, []);

  // Signed in (here, or in another tab of this browser): on to the page asked for.
  useEffect(() => {
    if (current.status === 'signed-in') navigate(next, { replace: true });
  }, [current.status, navigate, next]);

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void form.submit(e)} aria-labelledby="signin-title" noValidate={false}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          partnergraph
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Solutions Partner designations administration</p>
        {signedOut && !expired && form.error == null && (
          <div className="alert alert-info" role="status">
            You are signed out.
          </div>
        )}
        {expired && form.error == null && (
          <div className="alert alert-info" role="status">
            Your session has ended. Sign in again to return to where you were.
          </div>
        )}
        <CredentialFields form={form} autoFocusEmail />
        <button type="submit" className="button button-primary button-block" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
