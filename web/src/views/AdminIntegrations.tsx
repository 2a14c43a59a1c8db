// For administrators: how other systems send records to Weft, and what Weft tells them. Inbound
// secrets — created with a name and optionally bound to one system, shown once (with a copy
// button), rotated with an overlap during which the old value still signs, revoked after a
// confirmation — the allow-list of record systems and types (empty: every record is accepted), and
// outbound webhooks: registered with a URL, the event types wanted and a secret made here, listed
// with their state, each with its own page (AdminWebhook).

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { integrations, webhooks as webhooksApi } from '../api/endpoints';
import type { InboundSecret, RecordType, Webhook } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { copyText } from '../components/copyText';
import { DateTime } from '../components/DateTime';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { Skeleton } from '../components/LoadState';
import { useConfirmFocus } from '../components/useConfirmFocus';
import { useItem } from '../components/useItem';
import {
  EventCheckboxes,
  eventsText,
  isHttpUrl,
  kSecretMax,
  kSecretMin,
  SecretField,
  WebhookState,
} from '../components/webhooks';
import { Link } from '../state/router';
import { useMe } from '../state/session';

const kNameMax = 100;
const kDefaultOverlapHours = 24;
/** The server keeps an old value signing for at most a week. */
const kMaxOverlapHours = 168;

interface Revealed {
  id: string;
  secret: string;
  name: string;
  /** Set after a rotation: until when the previous value still signs. */
  rotated: boolean;
  overlapHours?: number;
}

/** The secret, shown this once, with a copy button. */
function SecretReveal({ revealed, onDone }: { revealed: Revealed; onDone: () => void }) {
  const inputId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => heading.current?.focus(), [revealed.secret]);

  const copy = async () => setCopyState((await copyText(revealed.secret, input.current)) ? 'copied' : 'failed');

  return (
    <section class="card token-reveal secret-reveal" aria-labelledby="new-secret-heading">
      <h2 id="new-secret-heading" tabIndex={-1} ref={heading}>
        {revealed.rotated ? `New value of “${revealed.name}”` : `Your new secret “${revealed.name}”`}
      </h2>
      <p class="token-reveal__warning">
        <strong>Copy it now: it will not be shown again.</strong> Weft keeps it only to check signatures. If you lose it,
        rotate or revoke it.
      </p>
      <div class="field">
        <label for={inputId}>Secret</label>
        <div class="token-reveal__row">
          <input
            id={inputId}
            ref={input}
            class="token-reveal__value"
            data-testid="new-secret"
            type="text"
            value={revealed.secret}
            readOnly
            spellcheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="button button--primary" onClick={copy}>
            Copy
          </button>
        </div>
        <p class={copyState === 'failed' ? 'field__error' : 'field__ok'} role="status">
          {copyState === 'copied' && 'Copied to the clipboard.'}
          {copyState === 'failed' && 'Could not copy. Select the secret and copy it yourself.'}
        </p>
      </div>
      <p class="muted">
        The sending system signs each record with it and names it with the header{' '}
        <code>X-Weft-Key-Id: {revealed.id}</code>.
        {revealed.rotated &&
          (revealed.overlapHours
            ? ` The previous value keeps working for ${revealed.overlapHours} ${revealed.overlapHours === 1 ? 'hour' : 'hours'}.`
            : ' The previous value no longer works.')}
      </p>
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}

function CreateSecretForm({ onCreated }: { onCreated: (revealed: Revealed) => void }) {
  const [name, setName] = useState('');
  const [system, setSystem] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    if (!name.trim()) {
      errors.setField('name', 'Give the secret a name, e.g. the system that will use it.');
      return;
    }
    setBusy(true);
    try {
      const created = await integrations.createSecret(name.trim(), system.trim() || null);
      onCreated({ id: created.id, secret: created.secret, name: name.trim(), rotated: false });
      setName('');
      setSystem('');
    } catch (e) {
      errors.show(e, ['name', 'system']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form integrations__create" onSubmit={submit} noValidate aria-labelledby="create-secret-heading">
      <h3 id="create-secret-heading">Create a secret</h3>
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="integrations__row">
        <TextField
          label="Name"
          name="name"
          value={name}
          onValue={setName}
          maxLength={kNameMax}
          error={errors.fields.name}
          hint="Who uses it, e.g. “Expense system”."
          autoComplete="off"
        />
        <TextField
          label="System (optional)"
          name="system"
          value={system}
          onValue={setSystem}
          error={errors.fields.system}
          hint="Set it, and this secret may send records of that system only."
          autoComplete="off"
        />
      </div>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create secret'}
        </button>
      </div>
    </form>
  );
}

function SecretRow({
  secret,
  onRotated,
  onRevoked,
}: {
  secret: InboundSecret;
  onRotated: (revealed: Revealed) => void;
  onRevoked: (secret: InboundSecret) => void;
}) {
  const [mode, setMode] = useState<'idle' | 'rotate' | 'revoke'>('idle');
  const [hours, setHours] = useState(String(kDefaultOverlapHours));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirmButton, askButton } = useConfirmFocus(mode === 'revoke');
  const hoursId = useId();
  const questionId = useId();
  const revoked = Boolean(secret.revoked_at);

  const rotate = async (event: Event) => {
    event.preventDefault();
    const overlap = Number(hours);
    if (!Number.isFinite(overlap) || overlap < 0 || overlap > kMaxOverlapHours) {
      setError(`Choose between 0 and ${kMaxOverlapHours} hours.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const rotated = await integrations.rotateSecret(secret.id, Math.round(overlap * 3600));
      setMode('idle');
      onRotated({ id: rotated.id, secret: rotated.secret, name: secret.name, rotated: true, overlapHours: overlap });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await integrations.revokeSecret(secret.id);
      setMode('idle');
      onRevoked(secret);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="token-row secret-row" data-secret-id={secret.id} data-revoked={revoked ? 'true' : 'false'}>
      <div class="token-row__main">
        <span class="token-row__name">
          {secret.name} {revoked && <span class="badge badge--inactive">Revoked</span>}
        </span>
        <p class="muted token-row__meta">
          <span>
            Key id <code>{secret.id}</code>
          </span>
          <span>{secret.system ? <>System {secret.system}</> : 'Any system'}</span>
          <span>
            Created <DateTime value={secret.created_at} />
          </span>
          <span data-testid="secret-last-used">
            {secret.last_used_at ? (
              <>
                Last used <DateTime value={secret.last_used_at} />
              </>
            ) : (
              'Never used'
            )}
          </span>
          {secret.previous_key_expires_at && !revoked && (
            <span>
              Previous value works until <DateTime value={secret.previous_key_expires_at} />
            </span>
          )}
          {secret.revoked_at && (
            <span>
              Revoked <DateTime value={secret.revoked_at} />
            </span>
          )}
        </p>
      </div>
      {!revoked && (
        <div class="token-row__actions secret-row__actions">
          {mode === 'idle' && (
            <>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => setMode('rotate')}
                aria-label={`Rotate ${secret.name}`}
              >
                Rotate
              </button>
              <button
                type="button"
                ref={askButton}
                class="button button--outline-danger button--small"
                onClick={() => setMode('revoke')}
                aria-label={`Revoke ${secret.name}`}
              >
                Revoke
              </button>
            </>
          )}
          {mode === 'rotate' && (
            <form class="secret-row__rotate" onSubmit={rotate} noValidate aria-label={`Rotate ${secret.name}`}>
              <div class="field">
                <label for={hoursId}>Old value keeps working for (hours)</label>
                <input
                  id={hoursId}
                  type="number"
                  min={0}
                  max={kMaxOverlapHours}
                  step={1}
                  value={hours}
                  onInput={(e) => setHours(e.currentTarget.value)}
                />
              </div>
              <div class="form__actions">
                <button type="submit" class="button button--primary button--small" disabled={busy}>
                  {busy ? 'Rotating…' : 'Rotate now'}
                </button>
                <button type="button" class="button button--ghost button--small" onClick={() => setMode('idle')} disabled={busy}>
                  Cancel
                </button>
              </div>
            </form>
          )}
          {mode === 'revoke' && (
            <div class="token-row__confirm" role="group" aria-labelledby={questionId}>
              <p id={questionId}>Revoke “{secret.name}”? Records it signs are refused at once.</p>
              <div class="form__actions">
                <button type="button" ref={confirmButton} class="button button--danger button--small" onClick={revoke} disabled={busy}>
                  {busy ? 'Revoking…' : 'Yes, revoke'}
                </button>
                <button type="button" class="button button--ghost button--small" onClick={() => setMode('idle')} disabled={busy}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function InboundSecrets() {
  const list = useItem((signal) => integrations.secrets(signal), []);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data?.items ?? [];

  const reveal = (next: Revealed) => {
    setNotice(null);
    setRevealed(next);
    void list.reload();
  };

  return (
    <section class="card" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">Inbound secrets</h2>
      <p class="muted">
        Another system sends records to <code>POST /api/v1/hooks/records</code>, signed with one of these secrets. Give
        each system its own.
      </p>
      {revealed && <SecretReveal key={`${revealed.id}:${revealed.secret}`} revealed={revealed} onDone={() => setRevealed(null)} />}
      <CreateSecretForm onCreated={reveal} />
      <div role="status">{notice && <p class="field__ok">{notice}</p>}</div>
      {list.error && <Alert>{list.error}</Alert>}
      {list.loading && !list.data && <Skeleton label="Loading the secrets…" count={2} />}
      {list.data && items.length === 0 && <p class="muted">No secrets yet: no system can send records.</p>}
      {items.length > 0 && (
        <ul class="token-list" aria-label="Inbound secrets">
          {items.map((secret) => (
            <SecretRow
              key={secret.id}
              secret={secret}
              onRotated={reveal}
              onRevoked={(gone) => {
                if (revealed?.id === gone.id) setRevealed(null);
                setNotice(`Revoked “${gone.name}”. Records it signs are refused.`);
                void list.reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function RecordTypes() {
  const list = useItem((signal) => integrations.recordTypes(signal), []);
  const [system, setSystem] = useState('');
  const [type, setType] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const errors = useFormErrors();
  const items = list.data?.items ?? [];

  const add = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    const s = system.trim();
    const t = type.trim() || '*';
    if (!s) {
      errors.setField('system', 'Name the system, e.g. expenses.');
      return;
    }
    setBusy(true);
    try {
      await integrations.allowRecordType(s, t);
      setNotice(`Records of ${s} · ${t === '*' ? 'every type' : t} are accepted.`);
      setSystem('');
      setType('');
      await list.reload();
    } catch (e) {
      errors.show(e, ['system', 'type']);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (entry: RecordType) => {
    setError(null);
    try {
      await integrations.removeRecordType(entry.system, entry.type);
      setNotice(`Removed ${entry.system} · ${entry.type === '*' ? 'every type' : entry.type}.`);
      await list.reload();
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section class="card" aria-labelledby="record-types-heading">
      <h2 id="record-types-heading">Accepted record types</h2>
      <p class="muted record-types__note">
        An empty list accepts every record. Once it lists something, records of other systems and types are refused.
      </p>
      <div role="status">{notice && <p class="field__ok">{notice}</p>}</div>
      {(list.error || error) && <Alert>{list.error ?? error}</Alert>}
      {list.data && items.length === 0 && <p class="muted">The list is empty: every record is accepted.</p>}
      {items.length > 0 && (
        <ul class="admin-list" aria-label="Accepted record types">
          {items.map((entry) => (
            <li key={`${entry.system}/${entry.type}`} class="admin-row" data-system={entry.system} data-type={entry.type}>
              <span>
                <strong>{entry.system}</strong> · {entry.type === '*' ? 'every type' : entry.type}
              </span>
              <button
                type="button"
                class="button button--ghost button--small"
                onClick={() => void remove(entry)}
                aria-label={`Remove ${entry.system} · ${entry.type === '*' ? 'every type' : entry.type}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="form" onSubmit={add} noValidate aria-labelledby="add-record-type-heading">
        <h3 id="add-record-type-heading">Accept a system or type</h3>
        {errors.form && <Alert>{errors.form}</Alert>}
        <div class="integrations__row">
          <TextField label="Record system" name="system" value={system} onValue={setSystem} error={errors.fields.system}
            placeholder="expenses" autoComplete="off" />
          <TextField label="Record type" name="type" value={type} onValue={setType} error={errors.fields.type}
            placeholder="statement" hint="Leave empty (or *) for every type of the system." autoComplete="off" />
        </div>
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? 'Adding…' : 'Accept'}
          </button>
        </div>
      </form>
    </section>
  );
}

export function webhookHref(webhook: { id: string }): string {
  return `/admin/webhooks/${encodeURIComponent(webhook.id)}`;
}

function CreateWebhookForm({ onCreated }: { onCreated: (webhook: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const enabledId = useId();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    let invalid = false;
    if (!isHttpUrl(url.trim())) {
      errors.setField('url', 'Give the receiver’s address, starting with https:// or http://.');
      invalid = true;
    }
    if (events.length === 0) {
      errors.setField('events', 'Choose at least one event type, or every event.');
      invalid = true;
    }
    if (secret.length < kSecretMin || secret.length > kSecretMax) {
      errors.setField('secret', `The secret is ${kSecretMin} to ${kSecretMax} characters. Generate one.`);
      invalid = true;
    }
    if (invalid) return;
    setBusy(true);
    try {
      const created = await webhooksApi.create({ url: url.trim(), events, secret, enabled });
      setUrl('');
      setEvents([]);
      setSecret('');
      setEnabled(true);
      onCreated(created);
    } catch (e) {
      errors.show(e, ['url', 'events', 'secret']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form webhooks__create" onSubmit={submit} noValidate aria-labelledby="create-webhook-heading">
      <h3 id="create-webhook-heading">Register a webhook</h3>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField
        label="Receiver URL"
        name="url"
        type="url"
        value={url}
        onValue={setUrl}
        error={errors.fields.url}
        placeholder="https://example.com/weft-events"
        hint="Weft POSTs each event there as JSON. Private and loopback addresses are refused unless the server allows them."
        autoComplete="off"
      />
      <EventCheckboxes value={events} onValue={setEvents} error={errors.fields.events} />
      <SecretField
        label="Secret"
        value={secret}
        onValue={setSecret}
        error={errors.fields.secret}
        note="The secret is shown only now: give it to the receiver, which checks each delivery’s signature with it. Weft never shows it again."
      />
      <div class="checkbox">
        <input id={enabledId} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <label for={enabledId}>Enabled</label>
        <span class="checkbox__hint muted">Unchecked: events are not sent until you enable it.</span>
      </div>
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Registering…' : 'Register webhook'}
        </button>
      </div>
    </form>
  );
}

function Webhooks() {
  const list = useItem((signal) => webhooksApi.list(signal), []);
  const [created, setCreated] = useState<Webhook | null>(null);
  const items = list.data?.items ?? [];

  return (
    <section class="card webhooks" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p class="muted">
        Weft sends events to other systems as they happen, signed with each webhook’s secret. A receiver that answers
        410 Gone, or fails for 5 days, is disabled.
      </p>
      <div role="status">
        {created && (
          <p class="field__ok">
            Registered the webhook to <code>{created.url}</code>.{' '}
            <Link href={webhookHref(created)}>Open its page</Link> to send a test event.
          </p>
        )}
      </div>
      {list.error && <Alert>{list.error}</Alert>}
      {list.loading && !list.data && <Skeleton label="Loading the webhooks…" count={2} />}
      {list.data && items.length === 0 && <p class="muted">No webhooks yet: Weft sends events nowhere.</p>}
      {items.length > 0 && (
        <ul class="token-list webhook-list" aria-label="Webhooks">
          {items.map((webhook) => (
            <li
              key={webhook.id}
              class="token-row webhook-row"
              data-webhook-id={webhook.id}
              data-enabled={webhook.enabled ? 'true' : 'false'}
            >
              <div class="token-row__main">
                <Link href={webhookHref(webhook)} class="webhook-row__url">
                  {webhook.url}
                </Link>
                <p class="muted token-row__meta">
                  <span class="webhook-row__events">{eventsText(webhook.events)}</span>
                  <span data-testid="webhook-pending">
                    {webhook.pending === 0 ? 'nothing pending' : `${webhook.pending} pending`}
                  </span>
                  <span>
                    Created <DateTime value={webhook.created_at} />
                  </span>
                </p>
              </div>
              <WebhookState webhook={webhook} />
            </li>
          ))}
        </ul>
      )}
      <CreateWebhookForm
        onCreated={(made) => {
          setCreated(made);
          void list.reload();
        }}
      />
    </section>
  );
}

export function AdminIntegrations() {
  const me = useMe();
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to manage integrations.</p>
      </section>
    );
  }
  return (
    <section class="page page--narrow integrations">
      <header class="page__header">
        <h1>Integrations</h1>
        <AdminLinks />
      </header>
      <InboundSecrets />
      <RecordTypes />
      <Webhooks />
    </section>
  );
}
