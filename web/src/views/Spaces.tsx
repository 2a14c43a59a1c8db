// Spaces: the ones I am in ("Mine") or every space I may see ("All"), searched as you type by
// words of the name and purpose; and the form that creates a space (not for outside guests),
// with what each visibility means. Tab and search live in the URL.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { spaces as spacesApi } from '../api/endpoints';
import type { Space, SpaceKind, SpaceVisibility } from '../api/types';
import { Alert } from '../components/Alert';
import {
  kKindLabels,
  kRoleLabels,
  kVisibilityExplanations,
  kVisibilityLabels,
  plural,
  spaceHref,
} from '../components/collab';
import { DisclosureButton } from '../components/CollabForms';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { useFormErrors } from '../components/formErrors';
import { LoadMore } from '../components/LoadMore';
import { TabPanel, Tabs } from '../components/Tabs';
import { useDebounced } from '../components/useDebounced';
import { ListStatus } from '../components/LoadState';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';

type TabKey = 'mine' | 'all';
const kTabs = [
  { key: 'mine', label: 'My spaces' },
  { key: 'all', label: 'All spaces' },
] as const;

const kVisibilities: readonly SpaceVisibility[] = ['public', 'private', 'secret'];
const kKinds: readonly SpaceKind[] = ['project', 'problem', 'community'];

export function SpaceCard({ space }: { space: Space }) {
  return (
    <li class="space-card" data-space-id={space.id}>
      <div class="space-card__main">
        <Link class="space-card__name" href={spaceHref(space.id)}>
          {space.name}
        </Link>
        <p class="space-card__meta muted">
          <span class={`badge badge--${space.visibility}`}>{kVisibilityLabels[space.visibility]}</span>{' '}
          {kKindLabels[space.kind]} · {plural(space.member_count, 'member', 'members')}
          {space.my_role && <> · You are {kRoleLabels[space.my_role].toLowerCase()}</>}
          {!space.my_role && space.join_requested && <> · Request sent</>}
        </p>
        {space.purpose && <p class="space-card__purpose">{space.purpose}</p>}
      </div>
    </li>
  );
}

function NewSpaceForm({ onCancel }: { onCancel: () => void }) {
  const headingId = useId();
  const hintId = useId();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [kind, setKind] = useState<SpaceKind>('project');
  const [visibility, setVisibility] = useState<SpaceVisibility>('public');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();
  const nameRef = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!name.trim()) {
      errors.setField('name', 'Give the space a name.');
      nameRef.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    setBusy(true);
    try {
      const space = await spacesApi.create({ name: name.trim(), purpose: purpose.trim(), kind, visibility });
      navigate(spaceHref(space.id));
    } catch (error) {
      errors.show(error, ['name', 'purpose', 'kind', 'visibility']);
      setBusy(false);
    }
  };

  return (
    <form id="new-space" class="card collab-form" ref={nameRef} onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>New space</h2>
      <TextField label="Name" value={name} onValue={setName} error={errors.fields.name} maxLength={200} autoFocus />
      <TextAreaField
        label="Purpose"
        value={purpose}
        onValue={setPurpose}
        error={errors.fields.purpose}
        hint="What the space is for. Everyone who may see the space reads this."
        rows={3}
        maxLength={4000}
      />
      <SelectField
        label="Kind"
        value={kind}
        onValue={(value) => setKind(value as SpaceKind)}
        options={kKinds.map((k) => ({ value: k, label: kKindLabels[k] }))}
        error={errors.fields.kind}
      />
      <fieldset class="fieldset visibility-choice" aria-describedby={errors.fields.visibility ? hintId : undefined}>
        <legend>Visibility</legend>
        {kVisibilities.map((v) => (
          <label key={v} class="visibility-choice__option">
            <input
              type="radio"
              name="visibility"
              value={v}
              checked={visibility === v}
              onChange={() => setVisibility(v)}
              aria-labelledby={`${hintId}-${v}-label`}
              aria-describedby={`${hintId}-${v}`}
            />
            <span>
              <span class="visibility-choice__label" id={`${hintId}-${v}-label`}>
                {kVisibilityLabels[v]}
              </span>
              <span class="visibility-choice__hint muted" id={`${hintId}-${v}`}>
                {kVisibilityExplanations[v]}
              </span>
            </span>
          </label>
        ))}
        {errors.fields.visibility && (
          <p class="field__error" id={hintId}>
            {errors.fields.visibility}
          </p>
        )}
      </fieldset>
      {errors.form && <Alert>{errors.form}</Alert>}
      <div class="form__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create space'}
        </button>
        <button type="button" class="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function Spaces() {
  const me = useMe();
  const location = useLocation();
  const [tab, setTab] = useState<TabKey>(() => (location.query.get('tab') === 'all' ? 'all' : 'mine'));
  const [q, setQ] = useState(() => location.query.get('q') ?? '');
  const debounced = useDebounced(q.trim().slice(0, 200), 250);
  const { items, cursor, loading, error, loadMore, retry } = usePagedList(
    (next, signal) => spacesApi.list({ mine: tab === 'mine', q: debounced, limit: 30, cursor: next }, signal),
    `${tab}:${debounced}`,
  );
  const [creating, setCreating] = useState(() => location.query.get('new') === '1');
  const canCreate = me.role !== 'guest';

  useEffect(() => {
    const params = new URLSearchParams();
    if (tab !== 'mine') params.set('tab', tab);
    if (debounced) params.set('q', debounced);
    const text = params.toString();
    navigate(`/spaces${text ? `?${text}` : ''}`, { replace: true });
  }, [tab, debounced]);

  const status =
    loading && items.length === 0
      ? 'Loading spaces…'
      : items.length === 0
        ? debounced
          ? `No spaces match “${debounced}”.`
          : tab === 'mine'
            ? 'You are not in any space yet. Find one to join under All spaces.'
            : 'No spaces yet.'
        : `${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'space' : 'spaces'}`;

  return (
    <section class="page">
      <header class="page__header">
        <h1>Spaces</h1>
        {canCreate && (
          <DisclosureButton label="New space" open={creating} onToggle={setCreating} controls="new-space" />
        )}
      </header>
      {creating && canCreate && <NewSpaceForm onCancel={() => setCreating(false)} />}
      <form class="search-form" role="search" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label="Search spaces"
          type="search"
          name="q"
          value={q}
          onValue={setQ}
          placeholder="Words from the name or purpose"
          autoComplete="off"
          maxLength={200}
        />
      </form>
      <Tabs tabs={kTabs} current={tab} onChange={setTab} label="Which spaces" idPrefix="spaces" />
      <TabPanel idPrefix="spaces" current={tab}>
        <ListStatus
          loading={loading && items.length === 0}
          error={error}
          onRetry={retry}
          loadingLabel="Loading spaces…"
          what="Spaces"
        >
          {status}
        </ListStatus>
        <ul class="space-list" aria-label={tab === 'mine' ? 'My spaces' : 'All spaces'}>
          {items.map((space) => (
            <SpaceCard key={space.id} space={space} />
          ))}
        </ul>
        <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} auto label="More spaces" />
      </TabPanel>
    </section>
  );
}
