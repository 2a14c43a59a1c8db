// The sign-in page: "Sign in with <provider>" when single sign-on is set up (GET
// /api/v1/auth/providers), and e-mail and password against POST /api/v1/session — behind an
// "Admin sign-in with a password" disclosure when passwords are off for all but the break-glass
// admin. A failed single sign-on comes back as /signin?sso_error=<reason>: the reason is shown once
// and taken out of the address, so a reload does not show it again.

import { useEffect, useState } from 'preact/hooks';
import { session as sessionApi } from '../api/endpoints';
import type { AuthProviders } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { navigate } from '../state/router';
import { useSession } from '../state/session';

function safeNext(next: string | null): string {
  // Only same-site paths; "//host" would leave the site.
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin')) return next;
  return '/';
}

/** The provider's start URL, asking to come back to where the person was going (when known). */
function ssoHref(startUrl: string, next: string | null): string {
  if (!next) return startUrl;
  const separator = startUrl.includes('?') ? '&' : '?';
  return `${startUrl}${separator}return_to=${encodeURIComponent(safeNext(next))}`;
}

/** The reason a single sign-on failed, read once from the address (then removed from it). */
function takeSsoError(): string | null {
  const query = new URLSearchParams(window.location.search);
  const reason = query.get('sso_error');
  if (reason === null) return null;
  query.delete('sso_error');
  const rest = query.toString();
  navigate(`${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`, { replace: true });
  return reason.trim() || 'Single sign-on did not sign you in.';
}

/** Fallback when the providers cannot be fetched: the password form, as before single sign-on. */
const kPasswordsOnly: AuthProviders = { local_passwords: true, oidc: null };

export function SignIn({ next, notice }: { next: string | null; notice?: string }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<AuthProviders | null>(null);
  const [ssoError, setSsoError] = useState<string | null>(null);
  const errors = useFormErrors();

  useEffect(() => {
    setSsoError(takeSsoError());
    const controller = new AbortController();
    sessionApi
      .providers(controller.signal)
      .then((answer) => setProviders(answer))
      .catch(() => {
        if (!controller.signal.aborted) setProviders(kPasswordsOnly);
      });
    return () => controller.abort();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setSsoError(null);
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(safeNext(next), { replace: true });
    } catch (error) {
      errors.show(error, ['email', 'password']);
      setBusy(false);
    }
  };

  const sso = providers?.oidc ?? null;
  const passwordsOn = providers?.local_passwords ?? true;

  const form = (
    <form onSubmit={submit} noValidate>
      <TextField
        label="E-mail"
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        onValue={setEmail}
        error={errors.fields.email}
        required
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onValue={setPassword}
        error={errors.fields.password}
        required
      />
      <button type="submit" class={`button ${sso ? 'button--secondary' : 'button--primary'} button--block`} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );

  return (
    <main id="main" class="signin" tabIndex={-1}>
      <div class="signin__card">
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark" />
          Weft
        </div>
        <h1>Sign in</h1>
        <p class="muted">Your organization's network: people, skills and the work between them.</p>
        {ssoError && (
          <Alert>
            <strong>Single sign-on did not sign you in.</strong> {ssoError}
          </Alert>
        )}
        {notice && !errors.form && !ssoError && <Alert kind="info">{notice}</Alert>}
        {errors.form && <Alert>{errors.form}</Alert>}
        {providers && (
          <>
            {sso && (
              <a class="button button--primary button--block signin__sso" href={ssoHref(sso.start_url, next)}>
                Sign in with {sso.name}
              </a>
            )}
            {sso && passwordsOn && <p class="signin__or muted">or with your e-mail and password</p>}
            {passwordsOn ? (
              form
            ) : (
              <details class="signin__admin">
                <summary>Admin sign-in with a password</summary>
                <p class="muted signin__admin-note">
                  Passwords are off here; only the administrator named for emergencies still signs in with one.
                </p>
                {form}
              </details>
            )}
          </>
        )}
      </div>
    </main>
  );
}
