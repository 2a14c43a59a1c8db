// For administrators: one outbound webhook. Its URL, events and state — with a banner and "Enable
// again" when Weft disabled it (410 Gone, 5 days failing) or an admin did — a test event sent now
// with the receiver's answer, editing (URL, events, a new secret), disabling and deleting. Then
// the outcomes of recent deliveries as a strip, and the deliveries log, newest first, filtered by
// status, paged, with Redeliver on each finished delivery. While the tab is visible and only the
// first page is shown, the page fetches again every few seconds, so deliveries show as they go.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { webhooks as webhooksApi } from '../api/endpoints';
import type { Delivery, DeliveryStatus, Webhook, WebhookChange, WebhookTestResult } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { DateTime } from '../components/DateTime';
import { SelectField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { LoadError, Skeleton } from '../components/LoadState';
import { useConfirmFocus } from '../components/useConfirmFocus';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import {
  DeliveryStatusBadge,
  disabledText,
  EventCheckboxes,
  eventsText,
  isHttpUrl,
  kSecretMax,
  kSecretMin,
  SecretField,
  WebhookState,
} from '../components/webhooks';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { NotFound } from './NotFound';

const kRefreshMs = 2000;
const kPageSize = 20;
/** How many of the newest deliveries the outcome strip shows (the API's largest page). */
const kRecent = 100;

const kStatusOptions = [
  { value: '', label: 'All deliveries' },
  { value: 'pending', label: 'Pending' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
];

function statusFrom(value: string | null): DeliveryStatus | '' {
  return value === 'pending' || value === 'succeeded' || value === 'failed' ? value : '';
}

const kSecondsFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A delivery's times, to the second: retries can be seconds apart. */
function Moment({ value }: { value: string | null }) {
  if (!value) return <span class="muted">—</span>;
  const date = new Date(value);
  return <time dateTime={value}>{Number.isNaN(date.getTime()) ? value : kSecondsFormat.format(date)}</time>;
}

function DisabledBanner({ webhook, onEnabled }: { webhook: Webhook; onEnabled: (webhook: Webhook) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enable = async () => {
    setBusy(true);
    setError(null);
    try {
      onEnabled(await webhooksApi.update(webhook.id, { enabled: true }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="alert alert--warn webhook-banner" role="status" data-testid="webhook-disabled">
      <p class="webhook-banner__title">
        <strong>{disabledText(webhook.disabled_reason)}</strong>
      </p>
      <p>
        {webhook.disabled_reason === 'gone' && 'The receiver said it no longer wants these events. '}
        {webhook.disabled_reason === 'failing' && webhook.failing_since && (
          <>
            Deliveries have failed since <DateTime value={webhook.failing_since} />.{' '}
          </>
        )}
        {webhook.pending === 0
          ? 'No events are sent while it is disabled.'
          : `${webhook.pending} ${webhook.pending === 1 ? 'delivery waits' : 'deliveries wait'}; enabling it sends ${webhook.pending === 1 ? 'it' : 'them, in order'}.`}
      </p>
      <div class="form__actions">
        <button type="button" class="button button--primary" onClick={enable} disabled={busy}>
          {busy ? 'Enabling…' : 'Enable again'}
        </button>
      </div>
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function TestResult({ result }: { result: WebhookTestResult }) {
  const ok = result.status_code !== null && result.status_code >= 200 && result.status_code < 300;
  return (
    <div
      class={`webhook-test alert ${ok ? 'alert--success' : 'alert--error'}`}
      role="status"
      data-testid="test-result"
      data-status-code={result.status_code ?? ''}
    >
      {result.status_code !== null ? (
        <p>
          The receiver answered <strong data-testid="test-status">{result.status_code}</strong> in {result.duration_ms} ms.
        </p>
      ) : (
        <p>
          Could not deliver after {result.duration_ms} ms: <span data-testid="test-error">{result.error}</span>
        </p>
      )}
      {result.status_code !== null && result.error && <p>{result.error}</p>}
      {result.body ? (
        <pre class="webhook-test__body" aria-label="Response body">
          {result.body.length > 2000 ? `${result.body.slice(0, 2000)}…` : result.body}
        </pre>
      ) : (
        result.status_code !== null && <p class="muted">The response had no body.</p>
      )}
    </div>
  );
}

function EditWebhookForm({
  webhook,
  onSaved,
  onCancel,
}: {
  webhook: Webhook;
  onSaved: (webhook: Webhook, secretChanged: boolean) => void;
  onCancel: () => void;
}) {
  const [url, setUrl] = useState(webhook.url);
  const [events, setEvents] = useState<string[]>(webhook.events);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

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
    if (secret && (secret.length < kSecretMin || secret.length > kSecretMax)) {
      errors.setField('secret', `The secret is ${kSecretMin} to ${kSecretMax} characters. Generate one.`);
      invalid = true;
    }
    if (invalid) return;
    const changes: WebhookChange = {};
    if (url.trim() !== webhook.url) changes.url = url.trim();
    if ([...events].sort().join() !== [...webhook.events].sort().join()) changes.events = events;
    if (secret) changes.secret = secret;
    if (Object.keys(changes).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      onSaved(await webhooksApi.update(webhook.id, changes), Boolean(secret));
    } catch (e) {
      errors.show(e, ['url', 'events', 'secret']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form card webhook-edit" onSubmit={submit} noValidate aria-labelledby="edit-webhook-heading">
      <h2 id="edit-webhook-heading">Edit the webhook</h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField
        label="Receiver URL"
        name="url"
        type="url"
        value={url}
        onValue={setUrl}
        error={errors.fields.url}
        autoComplete="off"
      />
      <EventCheckboxes value={events} onValue={setEvents} error={errors.fields.events} />
      <SecretField
        label="New secret (optional)"
        value={secret}
        onValue={setSecret}
        error={errors.fields.secret}
        note="Leave it empty to keep the current secret. A new one is shown only now: give it to the receiver. The old one keeps signing deliveries for 24 hours."
      />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" class="button button--ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The newest deliveries as a strip of cells, oldest on the left, and their counts. */
function OutcomeStrip({ deliveries }: { deliveries: Delivery[] }) {
  const counts = { succeeded: 0, failed: 0, pending: 0 };
  for (const d of deliveries) counts[d.status] += 1;
  const ordered = [...deliveries].reverse();
  const cell = 10;
  const gap = 2;
  const width = Math.max(1, ordered.length) * (cell + gap);
  const summary = `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.pending} pending`;
  return (
    <figure class="card webhook-outcomes" data-testid="webhook-outcomes">
      <figcaption>
        <strong>Recent deliveries</strong>{' '}
        <span class="muted">
          (the last {deliveries.length === kRecent ? kRecent : deliveries.length}, oldest first)
        </span>
      </figcaption>
      {ordered.length > 0 && (
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${cell}`} width={width} height={cell * 1.6}
          preserveAspectRatio="xMinYMid meet" class="webhook-outcomes__strip">
          {ordered.map((d, i) => (
            <rect key={d.id} x={i * (cell + gap)} y={0} width={cell} height={cell} rx={2}
              class={`outcome outcome--${d.status}`}>
              <title>{`${d.event_type}: ${d.status}`}</title>
            </rect>
          ))}
        </svg>
      )}
      <p class="webhook-outcomes__legend">
        <span class="legend legend--succeeded" data-count="succeeded">{counts.succeeded} succeeded</span>
        <span class="legend legend--failed" data-count="failed">{counts.failed} failed</span>
        <span class="legend legend--pending" data-count="pending">{counts.pending} pending</span>
      </p>
    </figure>
  );
}

/** The id receivers see: the event's, or for a test event "test_" and the first delivery's id. */
function eventIdOf(delivery: Delivery): string {
  if (delivery.event_id) return delivery.event_id;
  return `test_${delivery.redelivery_of ?? delivery.id}`;
}

function DeliveryRow({ delivery, onRedeliver }: { delivery: Delivery; onRedeliver: (d: Delivery) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const redeliver = async () => {
    setBusy(true);
    try {
      await onRedeliver(delivery);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr
      data-delivery-id={delivery.id}
      data-status={delivery.status}
      data-event-type={delivery.event_type}
      data-event-id={delivery.event_id ?? ''}
      data-redelivery-of={delivery.redelivery_of ?? ''}
    >
      <td>
        <Moment value={delivery.created_at} />
      </td>
      <td>
        <code>{delivery.event_type}</code>
        {delivery.redelivery_of && <span class="muted delivery__again"> redelivery of #{delivery.redelivery_of}</span>}
      </td>
      <td data-cell="event-id">{eventIdOf(delivery)}</td>
      <td>
        <DeliveryStatusBadge status={delivery.status} />
      </td>
      <td data-cell="attempts">{delivery.attempts}</td>
      <td data-cell="response">
        {delivery.response_code === null ? (
          <span class="muted">—</span>
        ) : delivery.response_excerpt ? (
          <details class="delivery__excerpt">
            <summary>{delivery.response_code}</summary>
            <pre>{delivery.response_excerpt}</pre>
          </details>
        ) : (
          delivery.response_code
        )}
      </td>
      <td>
        <Moment value={delivery.status === 'pending' ? delivery.next_attempt_at : null} />
      </td>
      <td class="delivery__error">{delivery.error ?? <span class="muted">—</span>}</td>
      <td>
        {delivery.status !== 'pending' && (
          <button
            type="button"
            class="button button--secondary button--small"
            onClick={redeliver}
            disabled={busy}
            aria-label={`Redeliver delivery ${delivery.id}`}
          >
            {busy ? 'Queuing…' : 'Redeliver'}
          </button>
        )}
      </td>
    </tr>
  );
}

function WebhookPage({ webhookId }: { webhookId: string }) {
  const location = useLocation();
  const status = statusFrom(location.query.get('status'));
  const item = useItem((signal) => webhooksApi.get(webhookId, signal), [webhookId]);
  const recent = useItem((signal) => webhooksApi.deliveries(webhookId, { limit: kRecent }, signal), [webhookId]);
  const log = usePagedList<Delivery>(
    (cursor, signal) => webhooksApi.deliveries(webhookId, { status: status || undefined, cursor, limit: kPageSize }, signal),
    `${webhookId}|${status}`,
  );
  const [pagesShown, setPagesShown] = useState(1);
  const [mode, setMode] = useState<'idle' | 'edit' | 'delete'>('idle');
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<WebhookTestResult | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirmButton, askButton } = useConfirmFocus(mode === 'delete');
  const questionId = useId();
  const webhook = item.data;

  const refreshAll = () => {
    setPagesShown(1);
    void item.reload();
    void recent.reload();
    log.reload();
  };

  // Fetch again every few seconds while visible, unless older pages are open (they would be lost).
  const latest = useRef({ refreshAll, pagesShown });
  latest.current = { refreshAll, pagesShown };
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'visible' || latest.current.pagesShown > 1) return;
      latest.current.refreshAll();
    }, kRefreshMs);
    return () => window.clearInterval(timer);
  }, [webhookId]);

  useEffect(() => setPagesShown(1), [webhookId, status]);

  useEffect(() => {
    if (webhook) document.title = `Webhook to ${hostOf(webhook.url)} · Weft`;
  }, [webhook?.url]);

  if (item.missing) return <NotFound what="webhook" />;
  if (!webhook) {
    return item.error ? (
      <LoadError error={item.error} onRetry={item.retry} />
    ) : (
      <Skeleton label="Loading the webhook…" kind="page" />
    );
  }

  const changed = (next: Webhook, message: string) => {
    item.setData(next);
    setNotice(message);
    setError(null);
    setPagesShown(1);
    void recent.reload();
    log.reload();
  };

  const sendTest = async () => {
    setTesting(true);
    setTestResult(null);
    setError(null);
    try {
      setTestResult(await webhooksApi.test(webhook.id));
      refreshAll();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setTesting(false);
    }
  };

  const disable = async () => {
    setBusy(true);
    try {
      changed(await webhooksApi.update(webhook.id, { enabled: false }), 'Disabled. No events are sent until you enable it again.');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await webhooksApi.remove(webhook.id);
      navigate('/admin/integrations');
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  const redeliver = async (delivery: Delivery) => {
    setError(null);
    try {
      const again = await webhooksApi.redeliver(webhook.id, delivery.id);
      setNotice(`Delivery ${delivery.id} is sent again as delivery ${again.id}.`);
      refreshAll();
    } catch (e) {
      setError(describeError(e));
    }
  };

  const chooseStatus = (value: string) => {
    const next = statusFrom(value);
    navigate(`/admin/webhooks/${encodeURIComponent(webhookId)}${next ? `?status=${next}` : ''}`, { replace: true });
  };

  return (
    <section class="page webhook-page" data-webhook-id={webhook.id}>
      <header class="page__header">
        <h1>Webhook</h1>
        <AdminLinks />
      </header>
      <p class="breadcrumb">
        <Link href="/admin/integrations">Integrations</Link> › Webhooks › <span class="webhook-page__host">{hostOf(webhook.url)}</span>
      </p>
      {!webhook.enabled && (
        <DisabledBanner
          webhook={webhook}
          onEnabled={(next) =>
            changed(next, next.pending ? 'Enabled again: the waiting deliveries are being sent.' : 'Enabled again.')
          }
        />
      )}
      <div role="status">{notice && <p class="field__ok webhook-page__notice">{notice}</p>}</div>
      {error && <Alert>{error}</Alert>}

      <div class="card webhook-summary">
        <dl class="facts" aria-label="Webhook">
          <dt>URL</dt>
          <dd>
            <code data-testid="webhook-url">{webhook.url}</code>
          </dd>
          <dt>Events</dt>
          <dd data-testid="webhook-events">{eventsText(webhook.events)}</dd>
          <dt>State</dt>
          <dd>
            <WebhookState webhook={webhook} />
          </dd>
          <dt>Pending</dt>
          <dd data-testid="webhook-pending">{webhook.pending}</dd>
          {webhook.failing_since && (
            <>
              <dt>Failing since</dt>
              <dd>
                <DateTime value={webhook.failing_since} />
              </dd>
            </>
          )}
          <dt>Created</dt>
          <dd>
            <DateTime value={webhook.created_at} />
          </dd>
        </dl>
        <div class="form__actions webhook-summary__actions">
          <button type="button" class="button button--primary" onClick={sendTest} disabled={testing}>
            {testing ? 'Sending…' : 'Send test event'}
          </button>
          <button type="button" class="button button--secondary" onClick={() => setMode(mode === 'edit' ? 'idle' : 'edit')}
            aria-expanded={mode === 'edit'}>
            Edit
          </button>
          {webhook.enabled && (
            <button type="button" class="button button--secondary" onClick={disable} disabled={busy}>
              Disable
            </button>
          )}
          <button type="button" ref={askButton} class="button button--outline-danger" onClick={() => setMode('delete')}
            disabled={busy}>
            Delete
          </button>
        </div>
        {mode === 'delete' && (
          <div class="admin-row__confirm webhook-summary__confirm" role="group" aria-labelledby={questionId}>
            <p id={questionId}>
              Delete this webhook and its deliveries log?{' '}
              {webhook.pending > 0 && `${webhook.pending} pending ${webhook.pending === 1 ? 'delivery is' : 'deliveries are'} dropped.`}
            </p>
            <div class="form__actions">
              <button type="button" ref={confirmButton} class="button button--danger button--small" onClick={remove}
                disabled={busy}>
                {busy ? 'Deleting…' : 'Yes, delete'}
              </button>
              <button type="button" class="button button--ghost button--small" onClick={() => setMode('idle')}
                disabled={busy}>
                Cancel
              </button>
            </div>
          </div>
        )}
        {testResult && <TestResult result={testResult} />}
        <p class="muted webhook-summary__signing">
          Each delivery is a POST with <code>X-Weft-Signature: sha256=…</code> (HMAC-SHA256 of “timestamp.body” with
          the secret) and the Standard Webhooks headers <code>webhook-id</code>, <code>webhook-timestamp</code> and{' '}
          <code>webhook-signature</code>. Receivers should ignore an event id they have already seen.
        </p>
      </div>

      {mode === 'edit' && (
        <EditWebhookForm
          webhook={webhook}
          onCancel={() => setMode('idle')}
          onSaved={(next, secretChanged) => {
            setMode('idle');
            changed(next, secretChanged ? 'Saved. The old secret keeps signing for 24 hours.' : 'Saved.');
          }}
        />
      )}

      {recent.data && recent.data.items.length > 0 && <OutcomeStrip deliveries={recent.data.items} />}

      <section class="card webhook-log" aria-labelledby="deliveries-heading">
        <div class="webhook-log__bar">
          <h2 id="deliveries-heading">Deliveries</h2>
          <SelectField label="Status" value={status} onValue={chooseStatus} options={kStatusOptions}
            className="field--inline webhook-log__filter" />
        </div>
        {log.error && <Alert>{log.error}</Alert>}
        {log.items.length === 0 ? (
          <p class="muted list-status">
            {log.loading
              ? 'Loading…'
              : status
                ? `No ${status} deliveries.`
                : 'No deliveries yet. Send a test event, or wait for an event it wants.'}
          </p>
        ) : (
          <div class="table-scroll">
            <table class="table delivery-table" aria-label="Deliveries, newest first">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Event type</th>
                  <th scope="col">Event id</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Response</th>
                  <th scope="col">Next retry</th>
                  <th scope="col">Error</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((delivery) => (
                  <DeliveryRow key={delivery.id} delivery={delivery} onRedeliver={redeliver} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore
          hasMore={Boolean(log.cursor)}
          loading={log.loading}
          onLoad={() => {
            setPagesShown((n) => n + 1);
            log.loadMore();
          }}
          label="Older deliveries"
        />
      </section>
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function AdminWebhook({ webhookId }: { webhookId: string }) {
  const me = useMe();
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to manage webhooks.</p>
      </section>
    );
  }
  return <WebhookPage webhookId={webhookId} />;
}
