// For administrators: single sign-on through the organization's OpenID Connect provider (GET, PUT
// and DELETE /api/v1/admin/oidc). Shows the redirect URI to register at the provider (with a copy
// button) and what is set up now; the form takes the issuer (whose discovery document must answer),
// the client ID and secret (never shown again: left empty, the stored one is kept), scopes, the
// button's label, the names of the claims Weft reads, and whether passwords stay on — off, only the
// break-glass admin named here still signs in with one. The server's reasons are shown by the field
// they name. Turning single sign-on off asks first. Group rules (units and spaces by the provider's
// groups) have their own page, linked from here.

import { useId, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { oidc } from '../api/endpoints';
import type { OidcClaims, OidcSettings, OidcSettingsChange } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { CopyField } from '../components/CopyField';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { Skeleton } from '../components/LoadState';
import { useConfirmFocus } from '../components/useConfirmFocus';
import { useItem } from '../components/useItem';
import { Link } from '../state/router';
import { useMe } from '../state/session';

const kDefaultScopes = 'openid email profile';
/** The server's defaults, for a provider set up for the first time. */
const kDefaultClaims: OidcClaims = { email: 'email', name: 'name', title: 'title', unit: 'department', groups: 'groups' };
const kClaimFields: Array<{ key: keyof OidcClaims; label: string; hint: string }> = [
  { key: 'email', label: 'E-mail claim', hint: 'Finds or links the person by e-mail.' },
  { key: 'name', label: 'Name claim', hint: 'Their name, for someone new.' },
  { key: 'title', label: 'Job title claim', hint: 'Their job title, for someone new.' },
  { key: 'unit', label: 'Unit claim', hint: 'The unit they belong to.' },
  { key: 'groups', label: 'Groups claim', hint: 'The groups they are in.' },
];
const kDisplayNameMax = 60;
const kFields = ['issuer', 'client_id', 'client_secret', 'scopes', 'display_name', 'claims', 'local_passwords',
  'break_glass_email'] as const;

function RedirectUri({ uri }: { uri: string }) {
  return (
    <section class="card" aria-labelledby="redirect-uri-heading">
      <h2 id="redirect-uri-heading">At your identity provider</h2>
      <p class="muted">
        Register Weft there as a web application (a confidential client using the authorization code flow) with this
        redirect URI, then enter the issuer, client ID and secret it gives you below.
      </p>
      <CopyField label="Redirect URI" value={uri} testId="redirect-uri" copyLabel="Copy the redirect URI" />
    </section>
  );
}

/** What is set up now. */
function CurrentState({ settings }: { settings: OidcSettings }) {
  if (!settings.configured) {
    return (
      <section class="card" aria-labelledby="sso-state-heading">
        <h2 id="sso-state-heading">Now</h2>
        <p data-testid="sso-state">Single sign-on is off: everyone signs in with their e-mail and password.</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="sso-state-heading">
      <h2 id="sso-state-heading">Now</h2>
      <p data-testid="sso-state">
        Single sign-on is on: the sign-in page offers “Sign in with {settings.display_name}”.
      </p>
      <dl class="facts sso-facts">
        <dt>Issuer</dt>
        <dd>
          <code>{settings.issuer}</code>
        </dd>
        <dt>Client ID</dt>
        <dd>
          <code>{settings.client_id}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>{settings.has_client_secret ? 'stored (never shown)' : 'none'}</dd>
        <dt>Passwords</dt>
        <dd data-testid="sso-passwords">
          {settings.local_passwords
            ? 'on for everyone'
            : `off, except for the break-glass admin ${settings.break_glass_email ?? ''}`}
        </dd>
      </dl>
    </section>
  );
}

function SettingsForm({ settings, onSaved }: { settings: OidcSettings; onSaved: (settings: OidcSettings) => void }) {
  const [issuer, setIssuer] = useState(settings.issuer ?? '');
  const [clientId, setClientId] = useState(settings.client_id ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState(settings.scopes ?? kDefaultScopes);
  const [displayName, setDisplayName] = useState(settings.display_name ?? '');
  const [claims, setClaims] = useState<OidcClaims>({ ...kDefaultClaims, ...settings.claims });
  const [passwords, setPasswords] = useState(settings.local_passwords ?? true);
  const [breakGlass, setBreakGlass] = useState(settings.break_glass_email ?? '');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const passwordsId = useId();
  const claimsId = useId();
  const hasSecret = Boolean(settings.has_client_secret);

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setSaved(false);
    let invalid = false;
    if (!issuer.trim()) {
      errors.setField('issuer', 'Enter the provider’s issuer URL, e.g. https://login.example.com/realms/staff.');
      invalid = true;
    }
    if (!clientId.trim()) {
      errors.setField('client_id', 'Enter the client ID the provider gave Weft.');
      invalid = true;
    }
    if (!hasSecret && !clientSecret) {
      errors.setField('client_secret', 'Enter the client secret the provider gave Weft.');
      invalid = true;
    }
    if (!passwords && !breakGlass.trim()) {
      errors.setField('break_glass_email', 'Name an admin who keeps a password, in case the provider is down.');
      invalid = true;
    }
    if (invalid) return;
    const change: OidcSettingsChange = {
      issuer: issuer.trim(),
      client_id: clientId.trim(),
      scopes: scopes.trim(),
      display_name: displayName.trim(),
      claims: Object.fromEntries(kClaimFields.map(({ key }) => [key, claims[key].trim()])),
      local_passwords: passwords,
      break_glass_email: breakGlass.trim() || null,
    };
    if (clientSecret) change.client_secret = clientSecret;
    setBusy(true);
    try {
      const answer = await oidc.save(change);
      setClientSecret('');
      setSaved(true);
      onSaved(answer);
    } catch (e) {
      errors.show(e, kFields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form sso-form" onSubmit={submit} noValidate aria-labelledby="sso-form-heading">
      <h2 id="sso-form-heading">{settings.configured ? 'Change the provider' : 'Set up single sign-on'}</h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField label="Issuer URL" name="issuer" type="url" value={issuer} onValue={setIssuer} error={errors.fields.issuer}
        placeholder="https://login.example.com/realms/staff" autoComplete="off"
        hint="Weft reads the provider’s discovery document there (/.well-known/openid-configuration) when you save." />
      <div class="integrations__row">
        <TextField label="Client ID" name="client_id" value={clientId} onValue={setClientId} error={errors.fields.client_id}
          autoComplete="off" />
        <TextField label="Client secret" name="client_secret" type="password" value={clientSecret}
          onValue={setClientSecret} error={errors.fields.client_secret} autoComplete="new-password"
          placeholder={hasSecret ? 'stored — leave empty to keep' : undefined}
          hint={hasSecret ? 'A secret is stored. Enter a new one only to replace it.' : 'Never shown again once saved.'} />
      </div>
      <div class="integrations__row">
        <TextField label="Scopes" name="scopes" value={scopes} onValue={setScopes} error={errors.fields.scopes}
          autoComplete="off" hint="Separated by spaces; must include openid." />
        <TextField label="Button label" name="display_name" value={displayName} onValue={setDisplayName}
          error={errors.fields.display_name} maxLength={kDisplayNameMax} autoComplete="off" placeholder="your organization"
          hint={`People see “Sign in with ${displayName.trim() || 'your organization'}”.`} />
      </div>
      <fieldset class={`field fieldset${errors.fields.claims ? ' field--invalid' : ''}`}
        aria-describedby={errors.fields.claims ? `${claimsId}-error` : `${claimsId}-hint`}>
        <legend>Claim names</legend>
        <p class="field__hint" id={`${claimsId}-hint`}>
          Where the provider’s ID token holds each detail. Someone signing in for the first time is made from these.
        </p>
        <div class="sso-form__claims">
          {kClaimFields.map(({ key, label, hint }) => (
            <TextField key={key} label={label} name={`claims.${key}`} value={claims[key]}
              onValue={(value) => setClaims((previous) => ({ ...previous, [key]: value }))} hint={hint}
              placeholder={kDefaultClaims[key]} autoComplete="off" />
          ))}
        </div>
        {errors.fields.claims && (
          <p class="field__error" id={`${claimsId}-error`}>
            {errors.fields.claims}
          </p>
        )}
      </fieldset>
      <fieldset class="field fieldset">
        <legend>Passwords</legend>
        <div class="checkbox">
          <input id={passwordsId} type="checkbox" name="local_passwords" checked={passwords}
            onChange={(e) => setPasswords(e.currentTarget.checked)} aria-describedby={`${passwordsId}-hint`} />
          <label for={passwordsId}>Allow passwords</label>
          <span class="checkbox__hint muted" id={`${passwordsId}-hint`}>
            {passwords
              ? 'People may sign in with their Weft password as well as with the provider.'
              : 'Only the provider signs people in; the break-glass admin below keeps their password.'}
          </span>
        </div>
      </fieldset>
      <TextField label="Break-glass admin’s e-mail" name="break_glass_email" type="email" value={breakGlass}
        onValue={setBreakGlass} error={errors.fields.break_glass_email} autoComplete="off" required={!passwords}
        hint={passwords
          ? 'Needed only when passwords are off: an active admin who keeps a password, in case the provider is down.'
          : 'Required: an active admin who keeps a password, in case the provider is down.'} />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div role="status">
        {saved && (
          <p class="field__ok" data-testid="sso-saved">
            Saved. “Now” above shows what is set up.
          </p>
        )}
      </div>
    </form>
  );
}

function TurnOff({ onOff }: { onOff: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirmButton, askButton } = useConfirmFocus(confirming);
  const questionId = useId();

  const turnOff = async () => {
    setBusy(true);
    setError(null);
    try {
      await oidc.remove();
      setConfirming(false);
      onOff();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="sso-off-heading">
      <h2 id="sso-off-heading">Turn it off</h2>
      <p class="muted">Everyone signs in with their Weft password again. The stored client secret is forgotten.</p>
      {confirming ? (
        <div class="token-row__confirm" role="group" aria-labelledby={questionId}>
          <p id={questionId}>
            Turn single sign-on off? People who have never set a Weft password cannot sign in until they get one.
          </p>
          <div class="form__actions">
            <button type="button" ref={confirmButton} class="button button--danger button--small" onClick={turnOff}
              disabled={busy}>
              {busy ? 'Turning off…' : 'Yes, turn it off'}
            </button>
            <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}
              disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" ref={askButton} class="button button--outline-danger" onClick={() => setConfirming(true)}>
          Turn single sign-on off
        </button>
      )}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}

export function AdminSignIn() {
  const me = useMe();
  const settings = useItem((signal) => oidc.settings(signal), [], { enabled: me.role === 'admin' });
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to set up single sign-on.</p>
      </section>
    );
  }
  const data = settings.data;
  return (
    <section class="page page--narrow sso-admin">
      <header class="page__header">
        <h1>Single sign-on</h1>
        <AdminLinks />
      </header>
      <p class="muted">
        People sign in with your organization’s identity provider (OpenID Connect: Keycloak, Entra ID, Okta, Google
        Workspace…). Someone signing in for the first time gets a Weft account made from what the provider says about
        them. To provision people ahead of time, create a SCIM token on the <Link href="/me/tokens">API tokens</Link> page.
        To put people in units and spaces by the groups the provider says they are in, write{' '}
        <Link href="/admin/group-rules">group rules</Link>.
      </p>
      <div role="status">{notice && <p class="field__ok">{notice}</p>}</div>
      {settings.error && <Alert>{settings.error}</Alert>}
      {settings.loading && !data && <Skeleton label="Loading the single sign-on settings…" count={2} />}
      {data && (
        <>
          <RedirectUri uri={data.redirect_uri} />
          <CurrentState settings={data} />
          <SettingsForm key={formKey} settings={data} onSaved={(saved) => {
            setNotice(null);
            settings.setData(saved);
          }} />
          {data.configured && (
            <TurnOff onOff={() => {
              settings.setData({ configured: false, redirect_uri: data.redirect_uri });
              setFormKey((k) => k + 1);
              setNotice('Single sign-on is off. Everyone signs in with their password again.');
            }} />
          )}
        </>
      )}
    </section>
  );
}
