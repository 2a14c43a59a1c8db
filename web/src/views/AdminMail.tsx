// For administrators: the organization's e-mail (GET and PUT /api/v1/admin/mail). Whether a relay
// is configured (WEFT_SMTP_URL) and the address mail comes from; the outbox — messages waiting,
// sent and failed, drawn as bars, refreshed every few seconds — and the last error; the default
// everyone follows until they choose their own; and writing the daily or weekly digests now
// (POST /api/v1/admin/mail/digests), with what was done.

import { useEffect, useId, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { mail as mailApi } from '../api/endpoints';
import type { DigestRun, MailMode, OrganizationMail } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { SelectField } from '../components/Field';
import { LoadError, Skeleton } from '../components/LoadState';
import { OutcomeBars } from '../components/OutcomeBars';
import { plural } from '../components/collab';
import { useItem } from '../components/useItem';
import { useMe } from '../state/session';
import { kMailModeExplanations, kMailModeLabels } from './MailSettings';

const kRefreshMs = 10_000;
const kModes: MailMode[] = ['realtime', 'daily', 'weekly', 'off'];
type Period = 'daily' | 'weekly';

/** "Weekly digests: 40 people, 3 sent to the outbox, 37 with nothing worth sending, 0 already sent." */
function describeRun(run: DigestRun): string {
  const period = run.period === 'daily' ? 'Daily' : 'Weekly';
  return `${period} digests: ${plural(run.people, 'person', 'people')} looked at, ${run.queued} written to the outbox, ` +
    `${run.skipped} with nothing worth sending, ${run.already} already sent before.`;
}

function Outbox({ data }: { data: OrganizationMail }) {
  const bars = [
    { label: 'Waiting', count: data.pending },
    { label: 'Sent', count: data.sent },
    { label: 'Failed', count: data.failed },
  ];
  return (
    <section class="card mail-admin__outbox" aria-labelledby="mail-outbox-heading">
      <h2 id="mail-outbox-heading">Outbox</h2>
      <dl class="facts">
        <dt>Waiting</dt>
        <dd data-testid="mail-pending">{data.pending}</dd>
        <dt>Sent</dt>
        <dd data-testid="mail-sent">{data.sent}</dd>
        <dt>Failed</dt>
        <dd data-testid="mail-failed">{data.failed}</dd>
        <dt>Last error</dt>
        <dd data-testid="mail-last-error">{data.last_error ?? 'None'}</dd>
      </dl>
      <OutcomeBars title="Messages in the outbox" unit="Messages" group="State" bars={bars} testId="mail-outbox-chart" />
    </section>
  );
}

function DefaultForm({ initial, onSaved }: { initial: MailMode; onSaved: (data: OrganizationMail) => void }) {
  const [mode, setMode] = useState<MailMode>(initial);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      const answer = await mailApi.setOrganizationDefault(mode);
      setMode(answer.default_mode);
      onSaved(answer);
      setSaved(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="mail-default-heading">
      <h2 id="mail-default-heading">Organization default</h2>
      <p class="muted">What everyone gets until they choose for themselves under Notifications &amp; e-mail.</p>
      <SelectField
        label="Default for everyone"
        value={mode}
        onValue={(value) => {
          setSaved(false);
          setMode(value as MailMode);
        }}
        options={kModes.map((m) => ({ value: m, label: kMailModeLabels[m] }))}
        hint={kMailModeExplanations[mode]}
        error={error ?? undefined}
      />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save default'}
        </button>
        <span role="status">{saved && <span class="field__ok">Saved</span>}</span>
      </div>
    </form>
  );
}

function Digests({ onRun }: { onRun: () => void }) {
  const [busy, setBusy] = useState<Period | null>(null);
  const [run, setRun] = useState<DigestRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const send = async (period: Period) => {
    setBusy(period);
    setError(null);
    setRun(null);
    try {
      setRun(await mailApi.sendDigests(period));
      onRun();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Digests</h2>
      <p class="muted">
        Weft writes the daily digests every morning and the weekly ones on Mondays, each person once a period, and
        leaves out those with nothing that needs them. You can write them now.
      </p>
      <div class="form__actions">
        <button type="button" class="button button--secondary" disabled={busy !== null} onClick={() => void send('daily')}>
          {busy === 'daily' ? 'Sending…' : 'Send daily digests now'}
        </button>
        <button type="button" class="button button--secondary" disabled={busy !== null} onClick={() => void send('weekly')}>
          {busy === 'weekly' ? 'Sending…' : 'Send weekly digests now'}
        </button>
      </div>
      <div role="status">
        {run && (
          <p class="field__ok mail-admin__run" data-testid="digest-run">
            {describeRun(run)}
          </p>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
    </section>
  );
}

export function AdminMail() {
  const me = useMe();
  const isAdmin = me.role === 'admin';
  const status = useItem((signal) => mailApi.organization(signal), [], { enabled: isAdmin, missingOn: [] });
  useEffect(() => {
    if (!isAdmin) return undefined;
    const timer = window.setInterval(() => void status.reload(), kRefreshMs);
    return () => window.clearInterval(timer);
  }, [isAdmin]);

  if (!isAdmin) {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to manage the organization's e-mail.</p>
      </section>
    );
  }
  const data = status.data;
  return (
    <section class="page page--narrow mail-admin">
      <header class="page__header">
        <h1>E-mail</h1>
        <AdminLinks />
      </header>
      {status.error && !data && <LoadError error={status.error} onRetry={status.retry} what="The e-mail settings" />}
      {status.error && data && <Alert>{status.error}</Alert>}
      {!data && !status.error && <Skeleton label="Loading the e-mail settings…" count={2} />}
      {data && (
        <>
          <dl class="card facts" aria-label="Relay">
            <dt>Relay</dt>
            <dd data-testid="mail-relay">
              {data.relay_configured ? 'Configured' : 'Not configured'}
            </dd>
            <dt>From</dt>
            <dd data-testid="mail-from">{data.from_address}</dd>
          </dl>
          {!data.relay_configured && (
            <Alert kind="info">
              No e-mail is sent until the server is given a relay (WEFT_SMTP_URL and its companions, in the operations
              guide); messages wait in the outbox meanwhile.
            </Alert>
          )}
          <Outbox data={data} />
          <DefaultForm initial={data.default_mode} onSaved={(answer) => status.setData(answer)} />
          <Digests onRun={() => void status.reload()} />
        </>
      )}
    </section>
  );
}
