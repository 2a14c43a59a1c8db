// Administration of units: the organization's tree, creating a unit under a parent, renaming
// and moving a unit. Non-admins see the tree without the editing controls.

import { useState } from 'preact/hooks';
import { units as unitsApi } from '../api/endpoints';
import type { Unit } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { Skeleton } from '../components/LoadState';
import { UnitSelect } from '../components/UnitSelect';
import { Link } from '../state/router';
import { useMe } from '../state/session';
import { reloadUnits, useUnits } from '../state/units';

function CreateUnitForm() {
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    setCreated(null);
    if (!name.trim()) {
      errors.setField('name', 'Give the unit a name.');
      return;
    }
    setBusy(true);
    try {
      const unit = await unitsApi.create(name.trim(), parentId || null);
      await reloadUnits();
      setCreated(unit.name);
      setName('');
    } catch (e) {
      errors.show(e, ['name', 'parent_id']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="create-unit-heading">
      <h2 id="create-unit-heading">New unit</h2>
      {errors.form && <Alert>{errors.form}</Alert>}
      {created && <Alert kind="success">Created “{created}”.</Alert>}
      <TextField label="Unit name" name="name" value={name} onValue={setName} maxLength={200} error={errors.fields.name} />
      <UnitSelect label="Parent unit" value={parentId} onValue={setParentId} emptyLabel="None (top level)"
        error={errors.fields.parent_id} />
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create unit'}
        </button>
      </div>
    </form>
  );
}

function EditUnitForm({ unit, onDone }: { unit: Unit; onDone: () => void }) {
  const [name, setName] = useState(unit.name);
  const [parentId, setParentId] = useState(unit.parent_id ?? '');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (event: Event) => {
    event.preventDefault();
    errors.clear();
    if (!name.trim()) {
      errors.setField('name', 'A unit needs a name.');
      return;
    }
    const changes: { name?: string; parent_id?: string | null } = {};
    if (name.trim() !== unit.name) changes.name = name.trim();
    if ((parentId || null) !== (unit.parent_id ?? null)) changes.parent_id = parentId || null;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    setBusy(true);
    try {
      await unitsApi.update(unit.id, changes);
      await reloadUnits();
      onDone();
    } catch (e) {
      errors.show(e, ['name', 'parent_id']);
      setBusy(false);
    }
  };

  return (
    <form class="unit-edit" onSubmit={submit} noValidate>
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField label={`Name of ${unit.name}`} value={name} onValue={setName} maxLength={200} error={errors.fields.name}
        autoFocus />
      <UnitSelect label="Parent unit" value={parentId} onValue={setParentId} emptyLabel="None (top level)"
        exclude={unit.id} error={errors.fields.parent_id} />
      <div class="form__actions">
        <button type="submit" class="button button--primary button--small" disabled={busy}>Save</button>
        <button type="button" class="button button--ghost button--small" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function UnitNode({ unit, childrenOf, canEdit }: { unit: Unit; childrenOf: Map<string | null, Unit[]>; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const children = childrenOf.get(unit.id) ?? [];
  return (
    <li class="unit-tree__item">
      <div class="unit-tree__row">
        <Link href={`/people?unit_id=${encodeURIComponent(unit.id)}`} class="unit-tree__name">
          {unit.name}
        </Link>
        {unit.people_count !== undefined && (
          <span class="muted unit-tree__count">{unit.people_count} {unit.people_count === 1 ? 'person' : 'people'}</span>
        )}
        {canEdit && !editing && (
          <button type="button" class="button button--ghost button--small" onClick={() => setEditing(true)}
            aria-label={`Edit ${unit.name}`}>
            Edit
          </button>
        )}
      </div>
      {editing && <EditUnitForm unit={unit} onDone={() => setEditing(false)} />}
      {children.length > 0 && (
        <ul class="unit-tree__children">
          {children.map((child) => (
            <UnitNode key={child.id} unit={child} childrenOf={childrenOf} canEdit={canEdit} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function AdminUnits() {
  const me = useMe();
  const { units, loaded, error } = useUnits();
  const canEdit = me.role === 'admin';

  const known = new Set(units.map((u) => u.id));
  const childrenOf = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parent_id && known.has(unit.parent_id) ? unit.parent_id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), unit]);
  }
  const roots = childrenOf.get(null) ?? [];

  return (
    <section class="page">
      <header class="page__header">
        <h1>Units</h1>
      </header>
      <div class={canEdit ? 'two-columns' : ''}>
        <section class="card" aria-labelledby="unit-tree-heading">
          <h2 id="unit-tree-heading">Organization</h2>
          {error && <Alert>{error}</Alert>}
          {!loaded && !error && <Skeleton label="Loading units…" count={2} />}
          {loaded && units.length === 0 && <p class="muted">No units yet.</p>}
          <ul class="unit-tree" aria-label="Units">
            {roots.map((unit) => (
              <UnitNode key={unit.id} unit={unit} childrenOf={childrenOf} canEdit={canEdit} />
            ))}
          </ul>
        </section>
        {canEdit && <CreateUnitForm />}
      </div>
    </section>
  );
}
