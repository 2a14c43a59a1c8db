// Administration of people: create a person (POST /api/v1/people), change a person's role or
// unit, and reset a person's password (PATCH /api/v1/people/{id}). Admins only.

import { useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { people as peopleApi } from '../api/endpoints';
import type { Person, Role } from '../api/types';
import { Alert } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { kPasswordMax, passwordLengthProblem } from '../components/password';
import { UnitSelect } from '../components/UnitSelect';
import { useDebounced } from '../components/useDebounced';
import { usePagedList } from '../components/usePagedList';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { reloadUnits, unitTree, useUnits } from '../state/units';

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

function PersonRow({ person, isMe, onSaved }: { person: Person; isMe: boolean; onSaved: (p: Person) => void }) {
  const { units } = useUnits();
  const [role, setRole] = useState<Role>(person.role);
  const [unitId, setUnitId] = useState(person.unit_id ?? '');
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const resetButton = useRef<HTMLButtonElement>(null);
  const roleId = useId();
  const unitSelectId = useId();
  const changed = role !== person.role || (unitId || null) !== (person.unit_id ?? null);

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
    <li class="admin-row">
      <div class="admin-row__who">
        <Link href={`/people/${encodeURIComponent(person.id)}`}>{person.name}</Link>
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
      </div>
      {resetting && (
        <ResetPasswordForm person={person} onDone={(reset) => {
          setResetting(false);
          resetButton.current?.focus();
          if (reset) setMessage({ kind: 'success', text: `Password reset. ${person.name} has been signed out everywhere.` });
        }} />
      )}
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
      </header>
      <div class="two-columns two-columns--wide-first">
        <ManagePeople refreshKey={refreshKey} />
        <CreatePersonForm onCreated={() => setRefreshKey((k) => k + 1)} />
      </div>
    </section>
  );
}
