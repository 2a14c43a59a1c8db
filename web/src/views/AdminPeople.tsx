// Administration of people: create a person (POST /api/v1/people), change a person's role or
// unit, reset a person's password, deactivate or reactivate them (PATCH /api/v1/people/{id}), and
// see and revoke their API tokens (GET and DELETE /api/v1/people/{id}/tokens, DELETE
// /api/v1/tokens/{id}). Admins only.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { people as peopleApi, tokens as tokensApi } from '../api/endpoints';
import type { Person, Role } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { Skeleton } from '../components/LoadState';
import { kPasswordMax, passwordLengthProblem } from '../components/password';
import { UnitSelect } from '../components/UnitSelect';
import { useConfirmFocus } from '../components/useConfirmFocus';
import { useDebounced } from '../components/useDebounced';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { reloadUnits, unitTree, useUnits } from '../state/units';
import { TokenRow } from './Tokens';

const kRoles = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Administrator' },
  { value: 'guest', label: 'Guest' },
];

const kCreateFields = ['name', 'email', 'password', 'role', 'unit_id', 'title', 'handle'] as const;

function CreatePersonForm({ onCreated }: { onCreated: (person: Person) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Person | null>(null);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setCreated(null);
    if (password.length > 0 && password.length < 8) {
      errors.setField('password', 'Use at least 8 characters.');
      return;
    }
    setBusy(true);
    try {
      const person = await peopleApi.create({
        name: name.trim(),
        email: email.trim(),
        password,
        role,
        unit_id: unitId || null,
        title: title.trim(),
      });
      setCreated(person);
      onCreated(person);
      void reloadUnits(); // people counts per unit changed
      setName('');
      setEmail('');
      setPassword('');
      setTitle('');
    } catch (e) {
      errors.show(e, kCreateFields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="create-person-heading">
      <h2 id="create-person-heading">New person</h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      {created && (
        <Alert kind="success">
          Created <Link href={`/people/${encodeURIComponent(created.id)}`}>{created.name}</Link> (@{created.handle}).
        </Alert>
      )}
      <TextField label="Name" name="name" value={name} onValue={setName} maxLength={200} error={errors.fields.name}
        autoComplete="off" />
      <TextField label="E-mail" name="email" type="email" value={email} onValue={setEmail} maxLength={254}
        error={errors.fields.email ?? errors.fields.handle} autoComplete="off" />
      <TextField label="Initial password" name="password" type="password" value={password} onValue={setPassword}
        error={errors.fields.password} hint="At least 8 characters. Share it with the person privately."
        autoComplete="new-password" />
      <SelectField label="Role" name="role" value={role} onValue={(v) => setRole(v as Role)} options={kRoles}
        error={errors.fields.role} />
      <UnitSelect label="Unit" value={unitId} onValue={setUnitId} emptyLabel="No unit" error={errors.fields.unit_id} />
      <TextField label="Title" name="title" value={title} onValue={setTitle} maxLength={200} error={errors.fields.title} />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create person'}
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ person, onDone }: { person: Person; onDone: (reset: boolean) => void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    const problem = passwordLengthProblem(password);
    if (problem) {
      errors.setField('password', problem);
      return;
    }
    setBusy(true);
    try {
      await peopleApi.update(person.id, { password });
      onDone(true);
    } catch (e) {
      errors.show(e, ['password']);
      setBusy(false);
    }
  };

  return (
    <form class="admin-row__reset unit-edit" onSubmit={submit} noValidate aria-label={`Reset password of ${person.name}`}>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField label={`New password for ${person.name}`} name="password" type="password" value={password}
        onValue={setPassword} error={errors.fields.password} maxLength={kPasswordMax} autoComplete="new-password"
        hint="At least 8 characters. This signs them out everywhere; share the new password with them privately."
        autoFocus />
      <div class="form__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy}>
          {busy ? 'Setting…' : 'Set password'}
        </button>
        <button type="button" class="button button--ghost button--small" onClick={() => onDone(false)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The live API tokens of one person, each revocable, and all of them at once. */
function PersonTokens({ person }: { person: Person }) {
  const tokens = useItem(
    (signal) => tokensApi.ofPerson(person.id, signal).then((page) => page.items),
    [person.id, person.active],
    { missingOn: [] },
  );
  const { loading } = tokens;
  const items = tokens.data ?? [];
  const [actionError, setActionError] = useState<string | null>(null);
  const error = tokens.error ?? actionError;
  const [notice, setNotice] = useState('');
  const [confirmingAll, setConfirmingAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const questionId = useId();
  const { confirmButton: confirmAll, askButton: revokeAllButton } = useConfirmFocus(confirmingAll);

  // The list is fetched again when the person is deactivated (which revokes their tokens) or
  // reactivated; an error from before goes with the old list.
  useEffect(() => setActionError(null), [person.id, person.active]);

  const revokeAll = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await tokensApi.revokeAllOf(person.id);
      tokens.setData([]);
      setConfirmingAll(false);
      setNotice(`Revoked every API token of ${person.name}.`);
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-row__tokens" aria-labelledby={headingId}>
      <div class="admin-row__tokens-bar">
        <h3 id={headingId}>API tokens of {person.name}</h3>
        {items.length > 0 && !confirmingAll && (
          <button type="button" ref={revokeAllButton} class="button button--outline-danger button--small"
            aria-label={`Revoke all API tokens of ${person.name}`} onClick={() => setConfirmingAll(true)}>
            Revoke all
          </button>
        )}
      </div>
      {confirmingAll && (
        <div class="token-row__confirm" role="group" aria-labelledby={questionId}>
          <p id={questionId}>
            {items.length === 1 ? 'Revoke the only token' : `Revoke all ${items.length} tokens`} of {person.name}?
            Anything using {items.length === 1 ? 'it' : 'them'} stops working at once.
          </p>
          <div class="form__actions">
            <button type="button" ref={confirmAll} class="button button--danger button--small" onClick={revokeAll}
              disabled={busy}>
              {busy ? 'Revoking…' : 'Yes, revoke all'}
            </button>
            <button type="button" class="button button--ghost button--small" onClick={() => setConfirmingAll(false)}
              disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p class="field__ok" role="status">
        {notice}
      </p>
      {error && <Alert>{error}</Alert>}
      {loading && <Skeleton label="Loading tokens…" count={1} />}
      {!loading && !error && items.length === 0 && (
        <p class="muted">{person.name} has no live API tokens. Expired and revoked ones are not listed.</p>
      )}
      {items.length > 0 && (
        <ul class="token-list" aria-label={`API tokens of ${person.name}`}>
          {items.map((token) => (
            <TokenRow key={token.id} token={token} onRevoked={(gone) => {
              tokens.setData((list) => (list ?? []).filter((t) => t.id !== gone.id));
              setNotice(`Revoked “${gone.name}” of ${person.name}. It no longer works.`);
            }} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The question asked before deactivating someone, under their row. */
function DeactivateConfirm({ person, onDone, onMessage }: {
  person: Person;
  onDone: (updated: Person | null) => void;
  onMessage: (message: { kind: 'error' | 'success'; text: string } | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const questionId = useId();
  const confirmButton = useRef<HTMLButtonElement>(null);

  useEffect(() => confirmButton.current?.focus(), []);

  const deactivate = async () => {
    setBusy(true);
    onMessage(null);
    try {
      const updated = await peopleApi.update(person.id, { active: false });
      onDone(updated);
      onMessage({ kind: 'success', text: `${person.name} is deactivated: signed out everywhere, API tokens revoked.` });
    } catch (e) {
      // 400 for oneself, 409 for the last active administrator: the server says which.
      onMessage({ kind: 'error', text: describeError(e) });
      setBusy(false);
    }
  };

  return (
    <div class="admin-row__confirm" role="group" aria-labelledby={questionId}>
      <p id={questionId}>
        Deactivate {person.name}? They are signed out everywhere at once, their API tokens are revoked, and they
        cannot sign in until reactivated. What they wrote stays.
      </p>
      <div class="form__actions">
        <button type="button" ref={confirmButton} class="button button--danger button--small" disabled={busy}
          onClick={() => void deactivate()}>
          {busy ? 'Deactivating…' : 'Yes, deactivate'}
        </button>
        <button type="button" class="button button--ghost button--small" disabled={busy} onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function PersonRow({ person, isMe, onSaved }: { person: Person; isMe: boolean; onSaved: (p: Person) => void }) {
  const { units } = useUnits();
  const [role, setRole] = useState<Role>(person.role);
  const [unitId, setUnitId] = useState(person.unit_id ?? '');
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [showTokens, setShowTokens] = useState(false);
  const [deactivating, setDeactivating] = useState(false);
  const [reactivating, setReactivating] = useState(false);
  const activeButton = useRef<HTMLButtonElement>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  const roleId = useId();
  const unitSelectId = useId();
  const changed = role !== person.role || (unitId || null) !== (person.unit_id ?? null);
  const active = person.active !== false;

  const reactivate = async () => {
    setReactivating(true);
    setMessage(null);
    try {
      const updated = await peopleApi.update(person.id, { active: true });
      onSaved(updated);
      setMessage({
        kind: 'success',
        text: `${person.name} is active again and can sign in. Their earlier API tokens stay revoked.`,
      });
    } catch (e) {
      setMessage({ kind: 'error', text: describeError(e) });
    } finally {
      setReactivating(false);
      activeButton.current?.focus();
    }
  };

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const changes: { role?: Role; unit_id?: string | null } = {};
      if (role !== person.role) changes.role = role;
      if ((unitId || null) !== (person.unit_id ?? null)) changes.unit_id = unitId || null;
      const updated = await peopleApi.update(person.id, changes);
      onSaved(updated);
      void reloadUnits();
      setMessage({ kind: 'success', text: 'Saved.' });
    } catch (e) {
      setMessage({ kind: 'error', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`admin-row${active ? '' : ' admin-row--inactive'}`} data-person-id={person.id}
      data-active={String(active)}>
      <div class="admin-row__who">
        <span class="admin-row__name">
          <Link href={`/people/${encodeURIComponent(person.id)}`}>{person.name}</Link>
          {!active && <span class="badge badge--inactive">Deactivated</span>}
        </span>
        <span class="muted admin-row__email">{person.email}</span>
      </div>
      <div class="admin-row__controls">
        <div class="field field--inline">
          <label for={roleId} class="visually-hidden">Role of {person.name}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}
            disabled={isMe} title={isMe ? 'You cannot change your own role' : undefined}>
            {kRoles.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </div>
        <div class="field field--inline">
          <label for={unitSelectId} class="visually-hidden">Unit of {person.name}</label>
          <select id={unitSelectId} value={unitId} onChange={(e) => setUnitId(e.currentTarget.value)}>
            <option value="">No unit</option>
            {unitTree(units).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>{'\u00a0\u00a0'.repeat(depth) + unit.name}</option>
            ))}
          </select>
        </div>
        <button type="button" class="button button--primary button--small" onClick={save} disabled={!changed || busy}
          aria-label={`Save changes to ${person.name}`}>
          Save
        </button>
        {isMe ? (
          <Link class="button button--ghost button--small" href="/me/security">
            Change my password
          </Link>
        ) : (
          <button type="button" ref={resetButton} class="button button--ghost button--small"
            aria-label={`Reset password of ${person.name}`} aria-expanded={resetting}
            onClick={() => {
              setMessage(null);
              setResetting((v) => !v);
            }}>
            Reset password
          </button>
        )}
        <button type="button" class="button button--ghost button--small" aria-expanded={showTokens}
          aria-label={`API tokens of ${person.name}`} onClick={() => setShowTokens((v) => !v)}>
          API tokens
        </button>
        {active ? (
          <button type="button" ref={activeButton} class="button button--outline-danger button--small"
            aria-label={`Deactivate ${person.name}`} aria-expanded={deactivating} disabled={isMe}
            title={isMe ? 'You cannot deactivate yourself' : undefined}
            onClick={() => {
              setMessage(null);
              setDeactivating((v) => !v);
            }}>
            Deactivate
          </button>
        ) : (
          <button type="button" ref={activeButton} class="button button--secondary button--small"
            aria-label={`Reactivate ${person.name}`} disabled={reactivating} onClick={() => void reactivate()}>
            {reactivating ? 'Reactivating…' : 'Reactivate'}
          </button>
        )}
      </div>
      {deactivating && active && (
        <DeactivateConfirm person={person} onMessage={setMessage} onDone={(updated) => {
          setDeactivating(false);
          if (updated) onSaved(updated);
          // The button is now Reactivate (or Deactivate again after Cancel): keep the focus there.
          requestAnimationFrame(() => activeButton.current?.focus());
        }} />
      )}
      {resetting && (
        <ResetPasswordForm person={person} onDone={(reset) => {
          setResetting(false);
          resetButton.current?.focus();
          if (reset) setMessage({ kind: 'success', text: `Password reset. ${person.name} has been signed out everywhere.` });
        }} />
      )}
      {showTokens && <PersonTokens person={person} />}
      {message && (
        <p class={message.kind === 'error' ? 'field__error' : 'field__ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </li>
  );
}

function ManagePeople({ refreshKey }: { refreshKey: number }) {
  const me = useMe();
  const [q, setQ] = useState('');
  const debouncedQ = useDebounced(q.trim(), 250);
  const { items, cursor, loading, error, loadMore, replace } = usePagedList(
    (next, signal) => peopleApi.list({ q: debouncedQ, limit: 25, cursor: next }, signal),
    `${refreshKey}:${debouncedQ}`,
  );


  return (
    <section class="card" aria-labelledby="manage-people-heading">
      <h2 id="manage-people-heading">People</h2>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Find a person" type="search" value={q} onValue={setQ} autoComplete="off"
          placeholder="Name, handle or title" />
      </form>
      {error && <Alert>{error}</Alert>}
      {!loading && items.length === 0 && !error && <p class="muted">No one matches.</p>}
      <ul class="admin-list" aria-label="People to manage">
        {items.map((person) => (
          <PersonRow key={person.id} person={person} isMe={person.id === me.id} onSaved={replace} />
        ))}
      </ul>
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
}

export function AdminPeople() {
  const me = useMe();
  const [refreshKey, setRefreshKey] = useState(0);
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to manage people.</p>
      </section>
    );
  }
  return (
    <section class="page">
      <header class="page__header">
        <h1>Manage people</h1>
        <AdminLinks />
      </header>
      <div class="two-columns two-columns--wide-first">
        <ManagePeople refreshKey={refreshKey} />
        <CreatePersonForm onCreated={() => setRefreshKey((k) => k + 1)} />
      </div>
    </section>
  );
}
