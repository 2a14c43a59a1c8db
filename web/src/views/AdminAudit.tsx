// For administrators: the audit log (/admin/audit) — sign-ins, role changes, deactivations,
// moderation, webhooks, secrets and exports, newest first, as a table of time, actor, action,
// object and detail. Filters, kept in the URL so a view can be linked: an action (a verb the log
// keeps, from GET /admin/audit/actions, or a whole family such as "post."), an actor (found by name
// or e-mail, or among the actors listed), and the days from and to (both included, in the reader's
// time zone). "Load more" follows next_cursor. "Download CSV" is a plain link to the export
// under the same filters (oldest first; the download is logged too).

import { useEffect, useMemo, useState } from 'preact/hooks';
import { audit as auditApi, people as peopleApi, type AuditFilter } from '../api/endpoints';
import type { AuditEntry } from '../api/types';
import { AdminLinks } from '../components/AdminLinks';
import { Alert } from '../components/Alert';
import { type Option, SelectField, TextField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { useDebounced } from '../components/useDebounced';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';

const kPageSize = 50;

/** An entry with the id the paged list goes by. */
type Row = AuditEntry & { id: string };

const kSecondsFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** YYYY-MM-DD, or null. */
function dayFrom(value: string | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

/** The start of a day in the reader's time zone as RFC 3339 (UTC); `after` days later. */
function startOfDay(day: string, after = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + after).toISOString();
}

interface Filters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

function filtersFrom(query: URLSearchParams): Filters {
  return {
    action: (query.get('action') ?? '').slice(0, 60),
    actor: /^\d+$/.test(query.get('actor') ?? '') ? query.get('actor')! : '',
    from: dayFrom(query.get('from')) ?? '',
    to: dayFrom(query.get('to')) ?? '',
  };
}

function hrefOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return `/admin/audit${text ? `?${text}` : ''}`;
}

/** What the API is asked: `to` is included, so the range ends at the start of the day after it. */
function apiFilter(filters: Filters): AuditFilter {
  return {
    action: filters.action || undefined,
    actor_id: filters.actor || undefined,
    since: filters.from ? startOfDay(filters.from) : undefined,
    until: filters.to ? startOfDay(filters.to, 1) : undefined,
  };
}

/** "post." for "post.hidden", in the order the verbs come. */
function familiesOf(verbs: string[]): string[] {
  const seen = new Set<string>();
  for (const verb of verbs) {
    const dot = verb.indexOf('.');
    if (dot > 0) seen.add(verb.slice(0, dot + 1));
  }
  return [...seen].sort();
}

function Moment({ value }: { value: string }) {
  const date = new Date(value);
  return <time dateTime={value}>{Number.isNaN(date.getTime()) ? value : kSecondsFormat.format(date)}</time>;
}

/** The object of an entry: linked where Weft has a page for it. */
function ObjectCell({ entry }: { entry: AuditEntry }) {
  const id = entry.object_id;
  const type = entry.object_type.replace(/_/g, ' ');
  if (!id) return <span class="muted">{type || '—'}</span>;
  const name = entry.object_name || `${type} ${id}`;
  const path = encodeURIComponent(id);
  const href =
    entry.object_type === 'person'
      ? `/people/${path}`
      : entry.object_type === 'post'
        ? `/posts/${path}`
        : entry.object_type === 'webhook'
          ? `/admin/webhooks/${path}`
          : null;
  return href ? <Link href={href}>{name}</Link> : <span>{name}</span>;
}

interface ActorPickerProps {
  value: string;
  onValue: (value: string) => void;
  /** Names of the actors known so far (listed entries, people found). */
  names: Map<string, string>;
  remember: (people: Array<{ id: string; name: string }>) => void;
}

/** A select of actors: those listed so far, or — with words in the search box — the people they find. */
function ActorPicker({ value, onValue, names, remember }: ActorPickerProps) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), 250);
  const found = useItem((signal) => peopleApi.list({ q: debounced, limit: 20 }, signal), [debounced], {
    enabled: debounced !== '',
  });
  useEffect(() => {
    if (found.data) remember(found.data.items);
  }, [found.data]);
  const people: Array<[string, string]> =
    debounced && found.data ? found.data.items.map((person) => [person.id, `${person.name} (${person.email})`]) : [...names];
  const options: Option[] = [{ value: '', label: 'Anyone' }, ...people.map(([id, name]) => ({ value: id, label: name }))];
  if (value && !people.some(([id]) => id === value)) {
    options.splice(1, 0, { value, label: names.get(value) ?? `Person ${value}` });
  }
  return (
    <div class="audit-filters__actor">
      <TextField
        type="search"
        label="Find an actor"
        value={query}
        onValue={setQuery}
        autoComplete="off"
        hint={debounced && found.data && found.data.items.length === 0 ? 'Nobody matches.' : 'Name or e-mail; narrows the list below.'}
      />
      <SelectField label="Actor" value={value} onValue={onValue} options={options} />
    </div>
  );
}

function AuditLog() {
  const location = useLocation();
  const filters = filtersFrom(location.query);
  const key = hrefOf(filters);
  const filter = useMemo(() => apiFilter(filters), [key]);
  const actions = useItem((signal) => auditApi.actions(signal), []);
  const log = usePagedList<Row>(
    (cursor, signal) =>
      auditApi
        .list({ ...filter, cursor, limit: kPageSize }, signal)
        .then((page) => ({ ...page, items: page.items.map((entry) => ({ ...entry, id: entry.event_id })) })),
    key,
  );
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const remember = (people: Array<{ id: string; name: string }>) => {
    setNames((previous) => {
      if (people.every((person) => previous.get(person.id) === person.name)) return previous;
      const next = new Map(previous);
      for (const person of people) next.set(person.id, person.name);
      return next;
    });
  };
  useEffect(() => {
    remember(log.items.filter((entry) => entry.actor_id && entry.actor_name).map((entry) => ({ id: entry.actor_id!, name: entry.actor_name })));
  }, [log.items]);

  const set = (change: Partial<Filters>) => navigate(hrefOf({ ...filters, ...change }), { replace: true });
  const rangeError = filters.from && filters.to && filters.from > filters.to ? 'The last day is before the first.' : undefined;

  const verbs = actions.data?.items ?? [];
  const actionOptions: Option[] = [
    { value: '', label: 'All actions' },
    ...familiesOf(verbs).map((family) => ({ value: family, label: `${family}* — every ${family.slice(0, -1).replace(/_/g, ' ')} action` })),
    ...verbs.map((verb) => ({ value: verb, label: verb })),
  ];
  if (filters.action && !actionOptions.some((option) => option.value === filters.action)) {
    actionOptions.push({ value: filters.action, label: filters.action });
  }
  const filtered = Boolean(filters.action || filters.actor || filters.from || filters.to);
  const count = log.items.length;

  return (
    <section class="page audit-page">
      <header class="page__header">
        <h1>Audit log</h1>
        <AdminLinks />
      </header>
      <p class="muted">
        What was done to people, rights and content: sign-ins, role changes, deactivations, moderation, webhooks,
        secrets and exports, newest first.
      </p>
      <form class="card audit-filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Action" value={filters.action} onValue={(action) => set({ action })} options={actionOptions}
          hint={actions.error ? 'The list of actions could not be loaded.' : undefined} />
        <ActorPicker value={filters.actor} onValue={(actor) => set({ actor })} names={names} remember={remember} />
        <div class="audit-filters__days">
          <TextField type="date" label="From" value={filters.from} onValue={(from) => set({ from: dayFrom(from) ?? '' })}
            max={filters.to || undefined} />
          <TextField type="date" label="To (included)" value={filters.to} onValue={(to) => set({ to: dayFrom(to) ?? '' })}
            min={filters.from || undefined} error={rangeError} />
        </div>
        <div class="form__actions audit-filters__actions">
          {filtered && (
            <button type="button" class="button button--ghost" onClick={() => navigate('/admin/audit', { replace: true })}>
              Clear filters
            </button>
          )}
          <a class="button button--secondary" href={auditApi.exportHref(filter)} download data-testid="audit-csv">
            Download CSV
          </a>
          <span class="muted audit-filters__note">The CSV holds every entry under these filters, oldest first.</span>
        </div>
      </form>

      {log.error && <Alert>{log.error}</Alert>}
      <p class="muted list-status" role="status">
        {log.loading && count === 0
          ? 'Loading…'
          : log.error
            ? ''
            : count === 0
              ? filtered
                ? 'No entries match these filters.'
                : 'The audit log is empty.'
              : `${count} ${count === 1 ? 'entry' : 'entries'}${log.cursor ? ' so far' : ''}.`}
      </p>
      {count > 0 && (
        <div class="table-scroll">
          <table class="table audit-table" aria-label="Audit log, newest first">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((entry) => (
                <tr key={entry.id} data-event-id={entry.event_id} data-action={entry.action}>
                  <td>
                    <Moment value={entry.at} />
                  </td>
                  <td>
                    {entry.actor_id ? (
                      <Link href={`/people/${encodeURIComponent(entry.actor_id)}`}>{entry.actor_name || `Person ${entry.actor_id}`}</Link>
                    ) : (
                      <span class="muted">Weft</span>
                    )}
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    <ObjectCell entry={entry} />
                  </td>
                  <td class="audit-table__detail" data-cell="detail">
                    {entry.detail || <span class="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore hasMore={Boolean(log.cursor)} loading={log.loading} onLoad={log.loadMore} />
    </section>
  );
}

export function AdminAudit() {
  const me = useMe();
  if (me.role !== 'admin') {
    return (
      <section class="empty-state">
        <h1>Administrators only</h1>
        <p>You need the administrator role to read the audit log.</p>
      </section>
    );
  }
  return <AuditLog />;
}
