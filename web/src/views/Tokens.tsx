// The signed-in person's API tokens: list (GET /api/v1/tokens), create (POST /api/v1/tokens; the
// secret is shown once, with a copy button) and revoke (DELETE /api/v1/tokens/{id}, confirmed
// inline first). The admin scope is offered to administrators only.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import { tokens as tokensApi } from '../api/endpoints';
import type { ApiToken, CreatedToken, TokenScope } from '../api/types';
import { Alert } from '../components/Alert';
import { DateTime } from '../components/DateTime';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { Link } from '../state/router';
import { useMe } from '../state/session';

const kScopes: Array<{ value: TokenScope; label: string; hint: string; adminOnly?: boolean }> = [
  { value: 'read', label: 'Read', hint: 'See everything you can see.' },
  { value: 'write', label: 'Write', hint: 'Post, edit and change things as you.' },
  { value: 'admin', label: 'Admin', hint: 'Manage people and units (administrators only).', adminOnly: true },
];

const kScopeLabels: Record<string, string> = { read: 'Read', write: 'Write', admin: 'Admin' };
const kNameMax = 100;

function ScopeCheckboxes({ value, onValue, isAdmin, error }: {
  value: TokenScope[];
  onValue: (scopes: TokenScope[]) => void;
  isAdmin: boolean;
  error?: string;
}) {
  const id = useId();
  const toggle = (scope: TokenScope, on: boolean) =>
    onValue(on ? [...value.filter((s) => s !== scope), scope] : value.filter((s) => s !== scope));
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

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken, name: string) => void }) {
  const me = useMe();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    let invalid = false;
    if (!name.trim()) {
      errors.setField('name', 'Give the token a name, so you can tell it apart later.');
      invalid = true;
    }
    if (scopes.length === 0) {
      errors.setField('scopes', 'Choose at least one scope.');
      invalid = true;
    }
    if (invalid) return;
    setBusy(true);
    try {
      // Keep the order of kScopes whatever order the boxes were ticked in.
      const ordered = kScopes.map((s) => s.value).filter((s) => scopes.includes(s));
      const created = await tokensApi.create(name.trim(), ordered);
      onCreated(created, name.trim());
      setName('');
      setScopes(['read']);
    } catch (e) {
      errors.show(e, ['name', 'scopes']);
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
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection-based copy.
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
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
      <p class="muted">
        Send it as the header <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}

function TokenRow({ token, onRevoked }: { token: ApiToken; onRevoked: (token: ApiToken) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const questionId = useId();

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) revokeButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

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
  const [created, setCreated] = useState<{ id: string; token: string; name: string } | null>(null);
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

  const handleCreated = (token: CreatedToken, name: string) => {
    setNotice(null);
    setCreated({ id: token.id, token: token.token, name: token.name ?? name });
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
        password.
      </p>
      {created && (
        <NewToken key={created.id} token={created.token} name={created.name} onDone={() => {
          setCreated(null);
          document.getElementById('create-token-heading')?.focus();
        }} />
      )}
      <CreateTokenForm onCreated={handleCreated} />
      <section class="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Your tokens</h2>
        <div role="status">{notice && <p class="field__ok">{notice}</p>}</div>
        {error && <Alert>{error}</Alert>}
        {loading && items.length === 0 && !error && <p class="muted">Loading…</p>}
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
