// The sign-in page: e-mail and password against POST /api/v1/session.

import { useState } from 'preact/hooks';
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

export function SignIn({ next, notice }: { next: string | null; notice?: string }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(safeNext(next), { replace: true });
    } catch (error) {
      errors.show(error, ['email', 'password']);
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin" tabIndex={-1}>
      <div class="signin__card">
        <div class="brand brand--large" aria-hidden="true">
          <span class="brand__mark" />
          Weft
        </div>
        <h1>Sign in</h1>
        <p class="muted">Your organization's network: people, skills and the work between them.</p>
        {notice && !errors.form && <Alert kind="info">{notice}</Alert>}
        {errors.form && <Alert>{errors.form}</Alert>}
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
          <button type="submit" class="button button--primary button--block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
