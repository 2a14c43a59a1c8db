// Password and security for the signed-in person: change one's own password
// (PUT /api/v1/me/password) and a way to the API tokens page.

import { useState } from 'preact/hooks';
import { people as peopleApi } from '../api/endpoints';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { kPasswordMax, kPasswordMin, passwordLengthProblem } from '../components/password';
import { Link } from '../state/router';
import { useMe } from '../state/session';

const kPasswordFields = ['current_password', 'new_password', 'confirm_password'] as const;

function ChangePasswordForm() {
  const me = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors = useFormErrors();

  const edit = (setter: (value: string) => void) => (value: string) => {
    setDone(false);
    setter(value);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setDone(false);
    let invalid = false;
    if (!current) {
      errors.setField('current_password', 'Enter your current password.');
      invalid = true;
    }
    const lengthProblem = passwordLengthProblem(next);
    if (lengthProblem) {
      errors.setField('new_password', lengthProblem);
      invalid = true;
    } else if (next === current) {
      errors.setField('new_password', 'Choose a password different from the current one.');
      invalid = true;
    }
    if (!lengthProblem && confirm !== next) {
      errors.setField('confirm_password', 'The two new passwords do not match.');
      invalid = true;
    }
    if (invalid) return;
    setBusy(true);
    try {
      await peopleApi.changeMyPassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    } catch (e) {
      errors.show(e, kPasswordFields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="change-password-heading"
      aria-describedby="change-password-help">
      <h2 id="change-password-heading">Change password</h2>
      <p class="muted" id="change-password-help">
        Changing your password signs you out of your other sessions and revokes all your API tokens: scripts and
        programs using them stop working until you give them new tokens.
      </p>
      {errors.form && <Alert>{errors.form}</Alert>}
      {done && (
        <Alert kind="success">
          Password changed. You stay signed in here; your other sessions have been signed out and your API tokens
          revoked.
        </Alert>
      )}
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
      <TextField label="Current password" name="current_password" type="password" value={current}
        onValue={edit(setCurrent)} error={errors.fields.current_password} autoComplete="current-password" required />
      <TextField label="New password" name="new_password" type="password" value={next} onValue={edit(setNext)}
        error={errors.fields.new_password} hint={`At least ${kPasswordMin} characters.`} autoComplete="new-password"
        maxLength={kPasswordMax} required />
      <TextField label="Confirm new password" name="confirm_password" type="password" value={confirm}
        onValue={edit(setConfirm)} error={errors.fields.confirm_password} autoComplete="new-password"
        maxLength={kPasswordMax} required />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

export function Security() {
  return (
    <section class="page page--narrow">
      <header class="page__header">
        <h1>Password and security</h1>
        <nav class="page__links" aria-label="Settings pages">
          <Link href="/me/edit">Edit profile</Link>
          <Link href="/settings/notifications">Notifications &amp; e-mail</Link>
        </nav>
      </header>
      <ChangePasswordForm />
      <section class="card" aria-labelledby="tokens-link-heading">
        <h2 id="tokens-link-heading">API tokens</h2>
        <p class="muted">Tokens let scripts and other programs use Weft on your behalf.</p>
        <Link class="button button--secondary" href="/me/tokens">
          Manage API tokens
        </Link>
      </section>
    </section>
  );
}
