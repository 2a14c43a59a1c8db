// Records from other systems that I may see, newest first: filters for the system, the type and
// "following only", kept in the URL; more by cursor ("Load more" and infinite scroll).

import { useEffect, useState } from 'preact/hooks';
import { records as recordsApi } from '../api/endpoints';
import type { WorkRecord } from '../api/types';
import { plural } from '../components/collab';
import { DateTime } from '../components/DateTime';
import { TextField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { formatValue, recordHref, RestrictedBadge, SourceBadge } from '../components/records';
import { useDebounced } from '../components/useDebounced';
import { ListStatus } from '../components/LoadState';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';

const kPageSize = 20;
/** Fields shown on a record's card; the page shows them all. */
const kFieldsShown = 3;

function RecordCard({ record }: { record: WorkRecord }) {
  const fields = Object.entries(record.fields).slice(0, kFieldsShown);
  return (
    <li class="card record-card" data-record-id={record.id}>
      <p class="record-card__badges">
        <SourceBadge record={record} />
        {record.restricted && <RestrictedBadge />}
      </p>
      <Link class="record-card__title" href={recordHref(record.id)}>
        {record.title}
      </Link>
      {fields.length > 0 && (
        <p class="record-card__fields muted">
          {fields.map(([name, value]) => `${name}: ${formatValue(value)}`).join(' · ')}
        </p>
      )}
      <p class="record-card__meta muted">
        {plural(record.follower_count, 'follower', 'followers')} · Updated <DateTime value={record.updated_at} />
      </p>
    </li>
  );
}

export function Records() {
  const location = useLocation();
  const [system, setSystem] = useState(() => location.query.get('system') ?? '');
  const [type, setType] = useState(() => location.query.get('type') ?? '');
  const [followed, setFollowed] = useState(() => location.query.get('followed') === 'true');
  const debouncedSystem = useDebounced(system.trim(), 250);
  const debouncedType = useDebounced(type.trim(), 250);

  const { items, cursor, loading, error, loadMore, retry } = usePagedList(
    (next, signal) =>
      recordsApi.list(
        { system: debouncedSystem, type: debouncedType, followed, limit: kPageSize, cursor: next },
        signal,
      ),
    JSON.stringify([debouncedSystem, debouncedType, followed]),
  );

  useEffect(() => {
    const params = new URLSearchParams();
    if (debouncedSystem) params.set('system', debouncedSystem);
    if (debouncedType) params.set('type', debouncedType);
    if (followed) params.set('followed', 'true');
    const search = params.toString();
    navigate(`/records${search ? `?${search}` : ''}`, { replace: true });
  }, [debouncedSystem, debouncedType, followed]);

  const filtered = Boolean(debouncedSystem || debouncedType || followed);
  const status =
    loading && items.length === 0
      ? 'Loading records…'
      : items.length === 0
        ? filtered
          ? 'No records match these filters.'
          : 'No records yet. Other systems send them to Weft; an administrator sets that up.'
        : `Showing ${items.length}${cursor ? '+' : ''} ${items.length === 1 ? 'record' : 'records'}`;

  return (
    <section class="page">
      <header class="page__header">
        <h1>Records</h1>
      </header>
      <p class="muted">
        Things from other systems — expense statements, deals, tickets — to talk about and work on together.
      </p>
      <form class="filters records-filters" role="search" aria-label="Filter records" onSubmit={(e) => e.preventDefault()}>
        <TextField label="System" name="system" placeholder="e.g. expenses" value={system} onValue={setSystem} autoComplete="off" />
        <TextField label="Type" name="type" placeholder="e.g. statement" value={type} onValue={setType} autoComplete="off" />
        <div class="checkbox records-filters__followed">
          <input
            id="records-followed"
            type="checkbox"
            checked={followed}
            onChange={(event) => setFollowed(event.currentTarget.checked)}
          />
          <label for="records-followed">Following only</label>
        </div>
        {filtered && (
          <button
            type="button"
            class="button button--ghost filters__clear"
            onClick={() => {
              setSystem('');
              setType('');
              setFollowed(false);
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      <ListStatus
        loading={loading && items.length === 0}
        error={error}
        onRetry={retry}
        loadingLabel="Loading records…"
        what="Records"
      >
        {status}
      </ListStatus>
      <ul class="record-list" aria-label="Records">
        {items.map((record) => (
          <RecordCard key={record.id} record={record} />
        ))}
      </ul>
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} auto label="More records" />
    </section>
  );
}
