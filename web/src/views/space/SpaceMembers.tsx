// Members of a space with their roles. Owners add people found by search (people from outside
// the organization only as guests), change roles, remove members, and answer join requests.
// Owners and administrators invite by e-mail (SpaceInvitations).

import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, describeError, isAbort } from '../../api/client';
import { people as peopleApi, spaces as spacesApi } from '../../api/endpoints';
import type { JoinRequest, Person, Space, SpaceMember, SpaceRole } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { kRoleLabels, personHref } from '../../components/collab';
import { DateTime } from '../../components/DateTime';
import { TextField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { LoadError, Skeleton } from '../../components/LoadState';
import { useDebounced } from '../../components/useDebounced';
import { useItem } from '../../components/useItem';
import { usePagedList } from '../../components/usePagedList';
import { Link } from '../../state/router';
import { useMe } from '../../state/session';
import { SpaceInvitations } from './SpaceInvitations';

const kRoles: readonly SpaceRole[] = ['owner', 'member', 'guest'];

type Row = SpaceMember & { id: string };

function RoleSelect({
  label,
  value,
  onValue,
  roles,
}: {
  label: string;
  value: SpaceRole;
  onValue: (role: SpaceRole) => void;
  roles: readonly SpaceRole[];
}) {
  const id = useId();
  return (
    <span class="role-select">
      <label for={id} class="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onValue(event.currentTarget.value as SpaceRole)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {kRoleLabels[role]}
          </option>
        ))}
      </select>
    </span>
  );
}

function MemberRow({
  member,
  space,
  isOwner,
  onChanged,
  onNotice,
}: {
  member: SpaceMember;
  space: Space;
  isOwner: boolean;
  onChanged: () => void;
  onNotice: (text: string) => void;
}) {
  const me = useMe();
  const [role, setRole] = useState<SpaceRole>(member.role);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const person = member.person;
  const self = person.id === me.id;

  useEffect(() => setRole(member.role), [member.role]);

  const act = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onNotice(done);
      setConfirming(false);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="member-row" data-person-id={person.id} data-role={member.role}>
      <Avatar id={person.id} name={person.name} src={person.avatar_url} size="sm" />
      <div class="member-row__who">
        <Link href={personHref(person.id)}>{person.name}</Link>
        {self && <span class="muted"> (you)</span>}
        <p class="muted member-row__meta">
          <span class="handle">@{person.handle}</span>
          {person.title && <> · {person.title}</>} · joined <DateTime value={member.joined_at} />
        </p>
      </div>
      {isOwner ? (
        <div class="member-row__controls">
          <RoleSelect label={`Role of ${person.name}`} value={role} onValue={setRole} roles={kRoles} />
          {role !== member.role && (
            <button
              type="button"
              class="button button--primary button--small"
              disabled={busy}
              onClick={() =>
                void act(
                  () => spacesApi.setMember(space.id, person.id, role),
                  `${person.name} is now ${kRoleLabels[role].toLowerCase()}.`,
                )
              }
            >
              Save role
            </button>
          )}
          {confirming ? (
            <span class="member-row__confirm" role="group" aria-label={`Remove ${person.name}?`}>
              <button
                type="button"
                class="button button--outline-danger button--small"
                disabled={busy}
                onClick={() =>
                  void act(() => spacesApi.removeMember(space.id, person.id), `${person.name} was removed from the space.`)
                }
              >
                Yes, remove
              </button>
              <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              class="button button--ghost button--small"
              aria-label={`Remove ${person.name}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
        </div>
      ) : (
        <span class={`badge badge--role-${member.role}`}>{kRoleLabels[member.role]}</span>
      )}
      {error && (
        <p class="field__error member-row__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function AddPeople({
  space,
  memberIds,
  onAdded,
}: {
  space: Space;
  memberIds: ReadonlySet<string>;
  onAdded: (text: string) => void;
}) {
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 250);
  const [results, setResults] = useState<Person[]>([]);
  const [roles, setRoles] = useState<Record<string, SpaceRole>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A failed add, shown on that person's row. */
  const [addError, setAddError] = useState<{ personId: string; text: string } | null>(null);
  const [searching, setSearching] = useState(false);
  const headingId = useId();

  useEffect(() => {
    if (!debounced) {
      setResults([]);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    peopleApi
      .list({ q: debounced, limit: 8 }, controller.signal)
      .then((page) => {
        setResults(page.items);
        setSearching(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(describeError(e));
        setSearching(false);
      });
    return () => controller.abort();
  }, [debounced]);

  const add = async (person: Person) => {
    const role = roles[person.id] ?? (person.role === 'guest' ? 'guest' : 'member');
    setBusy(person.id);
    setError(null);
    setAddError(null);
    try {
      await spacesApi.setMember(space.id, person.id, role);
      onAdded(`${person.name} was added as ${kRoleLabels[role].toLowerCase()}.`);
    } catch (e) {
      // 404: the server no longer lets you see this person (or they are gone). Say so, and offer
      // the way that still works.
      const text =
        e instanceof ApiError && e.status === 404
          ? `${person.name} cannot be added: Weft no longer finds them for you. If they should join, invite them by e-mail.`
          : describeError(e);
      setAddError({ personId: person.id, text });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card add-people" aria-labelledby={headingId}>
      <h3 id={headingId}>Add people</h3>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label="Find a person"
          type="search"
          value={q}
          onValue={setQ}
          placeholder="Name, handle or e-mail"
          autoComplete="off"
          hint="People from outside the organization can only be guests. Someone you cannot find here can be invited by e-mail."
        />
      </form>
      {error && <Alert>{error}</Alert>}
      <p class="muted list-status" role="status">
        {debounced && !searching && results.length === 0 ? `No one found for “${debounced}”.` : ''}
      </p>
      {results.length > 0 && (
        <ul class="member-list" aria-label="People found">
          {results.map((person) => {
            const isGuest = person.role === 'guest';
            const already = memberIds.has(person.id);
            const role = roles[person.id] ?? (isGuest ? 'guest' : 'member');
            return (
              <li key={person.id} class="member-row" data-person-id={person.id}>
                <Avatar id={person.id} name={person.name} src={person.avatar_url} size="sm" />
                <div class="member-row__who">
                  <span>{person.name}</span>
                  {isGuest && <span class="badge"> Outside guest</span>}
                  <p class="muted member-row__meta">
                    <span class="handle">@{person.handle}</span>
                    {person.title && <> · {person.title}</>}
                  </p>
                </div>
                <div class="member-row__controls">
                  {already ? (
                    <span class="muted">Already a member</span>
                  ) : (
                    <>
                      <RoleSelect
                        label={`Role for ${person.name}`}
                        value={role}
                        onValue={(value) => setRoles((previous) => ({ ...previous, [person.id]: value }))}
                        roles={isGuest ? ['guest'] : kRoles}
                      />
                      <button
                        type="button"
                        class="button button--primary button--small"
                        disabled={busy === person.id}
                        onClick={() => void add(person)}
                        aria-label={`Add ${person.name}`}
                      >
                        Add
                      </button>
                    </>
                  )}
                </div>
                {addError?.personId === person.id && (
                  <p class="field__error member-row__error" role="alert">
                    {addError.text}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function JoinRequests({ space, version, onChanged }: { space: Space; version: number; onChanged: (text: string) => void }) {
  const requests = useItem(
    (signal) => spacesApi.joinRequests(space.id, signal).then((page) => page.items),
    [space.id, version],
    { missingOn: [] },
  );
  const items = requests.data ?? [];
  const [actionError, setActionError] = useState<string | null>(null);
  const error = requests.error ?? actionError;
  const [busy, setBusy] = useState<string | null>(null);
  const headingId = useId();

  const answer = async (request: JoinRequest, approve: boolean) => {
    setBusy(request.person.id);
    setActionError(null);
    try {
      if (approve) await spacesApi.setMember(space.id, request.person.id, 'member');
      else await spacesApi.declineJoin(space.id, request.person.id);
      requests.setData((previous) => (previous ?? []).filter((r) => r.person.id !== request.person.id));
      onChanged(approve ? `${request.person.name} joined the space.` : `Declined ${request.person.name}'s request.`);
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  if (items.length === 0 && !error) return null;
  return (
    <section class="card join-requests" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Asking to join <span class="count-badge">{items.length}</span>
      </h3>
      {error && <Alert>{error}</Alert>}
      <ul class="member-list" aria-label="Join requests">
        {items.map((request) => (
          <li key={request.person.id} class="member-row" data-person-id={request.person.id}>
            <Avatar id={request.person.id} name={request.person.name} src={request.person.avatar_url} size="sm" />
            <div class="member-row__who">
              <Link href={personHref(request.person.id)}>{request.person.name}</Link>
              <p class="muted member-row__meta">
                asked <DateTime value={request.requested_at} />
              </p>
            </div>
            <div class="member-row__controls">
              <button
                type="button"
                class="button button--primary button--small"
                disabled={busy === request.person.id}
                aria-label={`Approve ${request.person.name}`}
                onClick={() => void answer(request, true)}
              >
                Approve
              </button>
              <button
                type="button"
                class="button button--ghost button--small"
                disabled={busy === request.person.id}
                aria-label={`Decline ${request.person.name}`}
                onClick={() => void answer(request, false)}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SpaceMembers({ space, isOwner, onChanged }: { space: Space; isOwner: boolean; onChanged: () => void }) {
  const me = useMe();
  // As the server has it: owners, and admins for a public space (a private one's door is its owners').
  const canInvite = isOwner || (me.role === 'admin' && space.visibility === 'public');
  const list = usePagedList<Row>(
    (cursor, signal) =>
      spacesApi
        .members(space.id, { cursor, limit: 100 }, signal)
        .then((page) => ({ ...page, items: page.items.map((m) => ({ ...m, id: m.person.id })) })),
    `members:${space.id}`,
  );
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const changed = (text: string) => {
    if (text) setNotice(text);
    list.reload();
    setVersion((v) => v + 1);
    onChanged();
  };
  const memberIds = new Set(list.items.map((m) => m.person.id));
  const order: Record<SpaceRole, number> = { owner: 0, member: 1, guest: 2 };
  const sorted = [...list.items].sort((a, b) => order[a.role] - order[b.role] || a.person.name.localeCompare(b.person.name));

  return (
    <div class="space-section">
      <div class="section-bar">
        <h2>Members</h2>
      </div>
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {isOwner && <JoinRequests space={space} version={version} onChanged={changed} />}
      {isOwner && <AddPeople space={space} memberIds={memberIds} onAdded={changed} />}
      {canInvite && <SpaceInvitations space={space} />}
      {list.error && <LoadError error={list.error} onRetry={list.retry} what="Members" />}
      {list.loading && list.items.length === 0 && !list.error && <Skeleton label="Loading members…" />}
      <section class="card member-card" aria-labelledby="members-heading">
        <h3 id="members-heading">
          Current members <span class="count-badge">{list.items.length}</span>
        </h3>
        <ul class="member-list" aria-label="Members">
          {sorted.map((member) => (
            <MemberRow
              key={member.person.id}
              member={member}
              space={space}
              isOwner={isOwner}
              onChanged={() => changed('')}
              onNotice={setNotice}
            />
          ))}
        </ul>
        <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="More members" />
      </section>
    </div>
  );
}
