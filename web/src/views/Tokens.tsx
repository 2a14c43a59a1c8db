// The signed-in person's API tokens: list (GET /api/v1/tokens), create (POST /api/v1/tokens, with an
// optional expiry; the secret is shown once, with a copy button) and revoke (DELETE
// /api/v1/tokens/{id}, confirmed inline first). The admin scope is offered to administrators only, and
// so is scim — a token for the identity provider's provisioning, which stands alone (picking it
// unticks the others, and they untick it) and comes with the SCIM base URL to paste beside it.
// TokenRow is shared with the administrators' view of a person's tokens.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, isAbort } from '../api/client';
import { tokens as tokensApi } from '../api/endpoints';
import type { ApiToken, CreatedToken, TokenScope } from '../api/types';
import { Alert } from '../components/Alert';
import { DateTime, formatDateTime } from '../components/DateTime';
import { SelectField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { copyText } from '../components/copyText';
import { CopyField } from '../components/CopyField';
import { Skeleton } from '../components/LoadState';
import { useConfirmFocus } from '../components/useConfirmFocus';
import { Link } from '../state/router';
import { useMe } from '../state/session';

const kScopes: Array<{ value: TokenScope; label: string; hint: string; adminOnly?: boolean }> = [
  { value: 'read', label: 'Read', hint: 'See everything you can see.' },
  { value: 'write', label: 'Write', hint: 'Post, edit and change things as you.' },
  { value: 'admin', label: 'Admin', hint: 'Manage people and units (administrators only).', adminOnly: true },
  { value: 'scim', label: 'SCIM', adminOnly: true,
    hint: 'For your identity provider’s provisioning (SCIM); works only on /scim/v2, and with no other scope.' },
];

const kScopeLabels: Record<string, string> = { read: 'Read', write: 'Write', admin: 'Admin', scim: 'SCIM' };
/** The scope that serves /scim/v2 only, so it is never combined with another. */
const kAlone: TokenScope = 'scim';
const kNameMax = 100;
const kDayMs = 86_400_000;
/** The server takes expiry times up to 10 years ahead. */
const kMaxExpiryYears = 10;

type ExpiryChoice = '7' | '30' | '90' | 'date' | 'never';

const kExpiryOptions: Array<{ value: ExpiryChoice; label: string }> = [
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: 'date', label: 'On a date…' },
  { value: 'never', label: 'Never' },
];

/** YYYY-MM-DD of a local day, as <input type="date"> uses. */
function dayString(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** RFC 3339 UTC without fractions: 2026-11-23T10:15:00Z. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The end (23:59:59, local time) of a YYYY-MM-DD day, or null for anything else. */
function endOfDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return Number.isNaN(date.getTime()) || dayString(date) !== day ? null : date;
}

function latestExpiry(now: Date): Date {
  const latest = new Date(now);
  latest.setFullYear(latest.getFullYear() + kMaxExpiryYears);
  latest.setDate(latest.getDate() - 1);
  return latest;
}

function ScopeCheckboxes({ value, onValue, isAdmin, error }: {
  value: TokenScope[];
  onValue: (scopes: TokenScope[]) => void;
  isAdmin: boolean;
  error?: string;
}) {
  const id = useId();
  const toggle = (scope: TokenScope, on: boolean) => {
    if (!on) onValue(value.filter((s) => s !== scope));
    else if (scope === kAlone) onValue([scope]);
    else onValue([...value.filter((s) => s !== scope && s !== kAlone), scope]);
  };
  return (
    <fieldset class={`field fieldset${error ? ' field--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Scopes</legend>
      {kScopes
        .filter((scope) => isAdmin || !scope.adminOnly)
        .map((scope) => (
          <div class="checkbox" key={scope.value}>
            <input id={`${id}-${scope.value}`} type="checkbox" name="scopes" value={scope.value}
              checked={value.includes(scope.value)} onChange={(e) => toggle(scope.value, e.currentTarget.checked)}
              aria-describedby={`${id}-${scope.value}-hint`} />
            <label for={`${id}-${scope.value}`}>{scope.label}</label>
            <span class="checkbox__hint muted" id={`${id}-${scope.value}-hint`}>
              {scope.hint}
            </span>
          </div>
        ))}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken, name: string, scopes: TokenScope[]) => void }) {
  const me = useMe();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [expiry, setExpiry] = useState<ExpiryChoice>('30');
  const [expiryDay, setExpiryDay] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const now = new Date();
  const tomorrow = new Date(now.getTime() + kDayMs);

  /** The expiry to send (RFC 3339), null for none, or an error to show under the date. */
  const chosenExpiry = (): { at: string | null } | { problem: string } => {
    if (expiry === 'never') return { at: null };
    if (expiry !== 'date') return { at: rfc3339(new Date(Date.now() + Number(expiry) * kDayMs)) };
    if (!expiryDay) return { problem: 'Choose the day the token stops working.' };
    const end = endOfDay(expiryDay);
    if (!end) return { problem: 'Enter a date such as 2030-12-31.' };
    if (end.getTime() <= Date.now()) return { problem: 'Choose a day in the future.' };
    if (end.getTime() > latestExpiry(new Date()).getTime() + kDayMs) {
      return { problem: `Choose a day within ${kMaxExpiryYears} years.` };
    }
    return { at: rfc3339(end) };
  };

  const expiryHint = (() => {
    if (expiry === 'never') return 'It works until you revoke it. An expiry limits the harm of a forgotten token.';
    if (expiry === 'date') return 'It stops working at the end of that day (your time).';
    return `It stops working on ${formatDateTime(new Date(now.getTime() + Number(expiry) * kDayMs).toISOString())}.`;
  })();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    let invalid = false;
    const expiresAt = chosenExpiry();
    if ('problem' in expiresAt) {
      errors.setField('expires_at', expiresAt.problem);
      invalid = true;
    }
    if (!name.trim()) {
      errors.setField('name', 'Give the token a name, so you can tell it apart later.');
      invalid = true;
    }
    if (scopes.length === 0) {
      errors.setField('scopes', 'Choose at least one scope.');
      invalid = true;
    }
    if (invalid || 'problem' in expiresAt) return;
    setBusy(true);
    try {
      // Keep the order of kScopes whatever order the boxes were ticked in.
      const ordered = kScopes.map((s) => s.value).filter((s) => scopes.includes(s));
      const created = await tokensApi.create(name.trim(), ordered, expiresAt.at);
      onCreated(created, name.trim(), ordered);
      setName('');
      setScopes(['read']);
    } catch (e) {
      // An expiry the server refuses is shown under the control that chose it.
      if (e instanceof ApiError && e.field === 'expires_at' && expiry !== 'date') {
        errors.setField('expiry', describeError(e));
      } else {
        errors.show(e, ['name', 'scopes', 'expires_at']);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="create-token-heading">
      <h2 id="create-token-heading" tabIndex={-1}>
        Create a token
      </h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField label="Token name" name="name" value={name} onValue={setName} maxLength={kNameMax}
        error={errors.fields.name} hint="What it is for, e.g. “Backup script”." autoComplete="off" />
      <ScopeCheckboxes value={scopes} onValue={setScopes} isAdmin={me.role === 'admin'} error={errors.fields.scopes} />
      <SelectField label="Expires" name="expiry" value={expiry} onValue={(v) => setExpiry(v as ExpiryChoice)}
        options={kExpiryOptions} hint={expiryHint} error={errors.fields.expiry} />
      {expiry === 'date' && (
        <TextField label="Expiry date" name="expires_at" type="date" value={expiryDay} onValue={setExpiryDay}
          min={dayString(tomorrow)} max={dayString(latestExpiry(now))} error={errors.fields.expires_at} required />
      )}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

function NewToken({ token, name, expiresAt, scim, onDone }: {
  token: string;
  name: string;
  expiresAt: string | null;
  /** A scim token: also show the SCIM base URL the identity provider needs. */
  scim: boolean;
  onDone: () => void;
}) {
  const inputId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  // Take keyboard and screen-reader users straight to the secret they must copy now.
  useEffect(() => heading.current?.focus(), [token]);

  const copy = async () => setCopyState((await copyText(token, input.current)) ? 'copied' : 'failed');

  return (
    <section class="card token-reveal" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading" tabIndex={-1} ref={heading}>
        Your new token “{name}”
      </h2>
      <p class="token-reveal__warning">
        <strong>Copy it now: you will not see it again.</strong> Weft keeps only a fingerprint of it. If you lose it,
        revoke it and create another.
      </p>
      <div class="field">
        <label for={inputId}>Your new token</label>
        <div class="token-reveal__row">
          <input id={inputId} ref={input} class="token-reveal__value" type="text" value={token} readOnly
            spellcheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="button button--primary" onClick={copy}>
            Copy
          </button>
        </div>
        <p class={copyState === 'failed' ? 'field__error' : 'field__ok'} role="status">
          {copyState === 'copied' && 'Copied to the clipboard.'}
          {copyState === 'failed' && 'Could not copy. Select the token and copy it yourself.'}
        </p>
      </div>
      {scim && (
        <>
          <p class="muted">
            In your identity provider’s provisioning (SCIM) settings, enter this base URL and the token above (as the
            API token, sent as a bearer token). It works only on <code>/scim/v2</code>.
          </p>
          <CopyField label="SCIM base URL" value={`${window.location.origin}/scim/v2`} testId="scim-base-url"
            copyLabel="Copy the SCIM base URL" />
        </>
      )}
      <p class="muted">
        Send it as the header <code>Authorization: Bearer &lt;token&gt;</code>.{' '}
        {expiresAt ? <>It stops working on <DateTime value={expiresAt} />.</> : 'It does not expire.'}
      </p>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}

export function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: (token: ApiToken) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirmButton, askButton: revokeButton } = useConfirmFocus(confirming);
  const questionId = useId();

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await tokensApi.revoke(token.id);
      onRevoked(token);
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  return (
    <li class="token-row" data-token-id={token.id}>
      <div class="token-row__main">
        <span class="token-row__name">{token.name}</span>
        <ul class="chips chips--small token-row__scopes" aria-label={`Scopes of ${token.name}`}>
          {token.scopes.map((scope) => (
            <li class="chip" key={scope}>
              {kScopeLabels[scope] ?? scope}
            </li>
          ))}
        </ul>
        <p class="muted token-row__meta">
          <span>
            Created <DateTime value={token.created_at} />
          </span>
          <span>{token.last_used_at ? <>Last used <DateTime value={token.last_used_at} /></> : 'Never used'}</span>
          <span class="token-row__expiry" data-expires-at={token.expires_at ?? ''}>
            {token.expires_at ? <>Expires <DateTime value={token.expires_at} /></> : 'Never expires'}
          </span>
        </p>
      </div>
      <div class="token-row__actions">
        {confirming ? (
          <div class="token-row__confirm" role="group" aria-labelledby={questionId}>
            <p id={questionId}>Revoke “{token.name}”? Anything using it stops working at once.</p>
            <div class="form__actions">
              <button type="button" ref={confirmButton} class="button button--danger button--small" onClick={revoke}
                disabled={busy}>
                {busy ? 'Revoking…' : 'Yes, revoke'}
              </button>
              <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}
                disabled={busy}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" ref={revokeButton} class="button button--outline-danger button--small"
            onClick={() => setConfirming(true)} aria-label={`Revoke ${token.name}`}>
            Revoke
          </button>
        )}
      </div>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function Tokens() {
  const [items, setItems] = useState<ApiToken[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [created, setCreated] = useState<{
    id: string;
    token: string;
    name: string;
    expiresAt: string | null;
    scim: boolean;
  } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    tokensApi
      .list(null, controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(describeError(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [reloadKey]);

  const loadMore = () => {
    if (!cursor) return;
    setLoading(true);
    tokensApi
      .list(cursor)
      .then((page) => {
        setItems((previous) => [...previous, ...page.items.filter((t) => !previous.some((p) => p.id === t.id))]);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        setError(describeError(e));
        setLoading(false);
      });
  };

  const handleCreated = (token: CreatedToken, name: string, scopes: TokenScope[]) => {
    setNotice(null);
    const scim = (token.scopes ?? scopes).includes(kAlone);
    setCreated({ id: token.id, token: token.token, name: token.name ?? name, expiresAt: token.expires_at ?? null, scim });
    setReloadKey((k) => k + 1);
  };

  const handleRevoked = (token: ApiToken) => {
    setItems((list) => list.filter((t) => t.id !== token.id));
    if (created?.id === token.id) setCreated(null);
    setNotice(`Revoked “${token.name}”. It no longer works.`);
  };

  return (
    <section class="page page--narrow">
      <header class="page__header">
        <h1>API tokens</h1>
        <Link href="/me/security">Password and security</Link>
      </header>
      <p class="muted">
        A token lets a script or another program use Weft as you, limited to the scopes you choose. Treat it like a
        password. Changing your password revokes all your tokens.
      </p>
      {created && (
        <NewToken key={created.id} token={created.token} name={created.name} expiresAt={created.expiresAt}
          scim={created.scim} onDone={() => {
          setCreated(null);
          document.getElementById('create-token-heading')?.focus();
        }} />
      )}
      <CreateTokenForm onCreated={handleCreated} />
      <section class="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        <div role="status">{notice && <p class="field__ok">{notice}</p>}</div>
        {error && <Alert>{error}</Alert>}
        {loading && items.length === 0 && !error && <Skeleton label="Loading your tokens…" count={2} />}
        {!loading && items.length === 0 && !error && <p class="muted">You have no API tokens.</p>}
        {items.length > 0 && (
          <ul class="token-list" aria-label="Your tokens">
            {items.map((token) => (
              <TokenRow key={token.id} token={token} onRevoked={handleRevoked} />
            ))}
          </ul>
        )}
        <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} />
      </section>
    </section>
  );
}
