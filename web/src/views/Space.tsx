// A space: name, purpose, visibility and my place in it (join, ask to join, leave), then its
// content in tabs — feed, problems, the ideas board, proposals, pages, members. A private space seen
// from outside shows only its name and purpose and the ask-to-join button. The tab is in the URL.

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { spaces as spacesApi } from '../api/endpoints';
import type { Space as SpaceData } from '../api/types';
import { Alert } from '../components/Alert';
import { LoadError, Skeleton } from '../components/LoadState';
import { kKindLabels, kRoleLabels, kVisibilityExplanations, kVisibilityLabels, plural, useSpace } from '../components/collab';
import { TabPanel, Tabs } from '../components/Tabs';
import { navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { NotFound } from './NotFound';
import { IdeaBoard } from './space/IdeaBoard';
import { SpaceFeed } from './space/SpaceFeed';
import { SpaceInvitations } from './space/SpaceInvitations';
import { SpaceMembers } from './space/SpaceMembers';
import { SpacePages } from './space/SpacePages';
import { SpaceProblems } from './space/SpaceProblems';
import { SpaceProposals } from './space/SpaceProposals';

const kTabs = [
  { key: 'feed', label: 'Feed' },
  { key: 'problems', label: 'Problems' },
  { key: 'ideas', label: 'Ideas' },
  { key: 'proposals', label: 'Proposals' },
  { key: 'pages', label: 'Pages' },
  { key: 'members', label: 'Members' },
] as const;
export type SpaceTab = (typeof kTabs)[number]['key'];

function tabFrom(value: string | null): SpaceTab {
  return kTabs.some((t) => t.key === value) ? (value as SpaceTab) : 'feed';
}

/** Join (public), ask to join (private), or leave. */
function Membership({ space, onChanged }: { space: SpaceData; onChanged: () => void }) {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setNotice(done);
      setConfirming(false);
      onChanged();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  let control = null;
  if (space.my_role) {
    control = confirming ? (
      <div class="space-membership__confirm" role="group" aria-label="Leave the space?">
        <span>Leave {space.name}?</span>
        <button
          type="button"
          class="button button--outline-danger button--small"
          disabled={busy}
          onClick={() => void run(() => spacesApi.removeMember(space.id, me.id), `You left ${space.name}.`)}
        >
          Yes, leave
        </button>
        <button type="button" class="button button--ghost button--small" onClick={() => setConfirming(false)}>
          Stay
        </button>
      </div>
    ) : (
      <button type="button" class="button button--secondary" onClick={() => setConfirming(true)}>
        Leave space
      </button>
    );
  } else if (space.join_requested) {
    control = (
      <button type="button" class="button button--secondary" disabled>
        Request sent
      </button>
    );
  } else if (space.visibility === 'public') {
    control = (
      <button
        type="button"
        class="button button--primary"
        disabled={busy}
        onClick={() => void run(() => spacesApi.join(space.id), `You joined ${space.name}.`)}
      >
        Join space
      </button>
    );
  } else {
    control = (
      <button
        type="button"
        class="button button--primary"
        disabled={busy}
        onClick={() => void run(() => spacesApi.join(space.id), 'Your request was sent to the owners.')}
      >
        Ask to join
      </button>
    );
  }

  return (
    <div class="space-membership">
      {control}
      {error && <Alert>{error}</Alert>}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
    </div>
  );
}

export function Space({ spaceId }: { spaceId: string }) {
  const me = useMe();
  const location = useLocation();
  const { space, missing, error, reload } = useSpace(spaceId);
  const [tab, setTab] = useState<SpaceTab>(() => tabFrom(location.query.get('tab')));
  const urlTab = tabFrom(location.query.get('tab'));

  // Follow the URL when it changes from outside (links to ?tab=…, back and forward).
  useEffect(() => setTab(urlTab), [urlTab]);

  useEffect(() => {
    if (space) document.title = `${space.name} · Weft`;
  }, [space?.name]);

  const choose = (next: SpaceTab) => {
    setTab(next);
    navigate(`/spaces/${encodeURIComponent(spaceId)}${next === 'feed' ? '' : `?tab=${next}`}`, { replace: true });
  };

  if (missing) return <NotFound what="space" />;
  if (!space) {
    return error ? (
      <LoadError error={error} onRetry={() => void reload()} />
    ) : (
      <Skeleton label="Loading the space…" kind="page" />
    );
  }

  const canSeeContent = space.my_role !== null || space.visibility === 'public';
  const isOwner = space.my_role === 'owner';

  return (
    <section class="page space">
      <header class="card space__header">
        <div class="space__identity">
          <h1>{space.name}</h1>
          <p class="muted space__meta">
            <span class={`badge badge--${space.visibility}`}>{kVisibilityLabels[space.visibility]}</span>{' '}
            {kKindLabels[space.kind]} · <span data-count="members">{plural(space.member_count, 'member', 'members')}</span>
            {space.my_role && <> · You are {kRoleLabels[space.my_role].toLowerCase()}</>}
          </p>
          {space.purpose && <p class="space__purpose">{space.purpose}</p>}
        </div>
        <Membership space={space} onChanged={reload} />
      </header>
      {!canSeeContent ? (
        <div class="card space__private">
          <h2>Members only</h2>
          <p>{kVisibilityExplanations[space.visibility]}</p>
          <p class="muted">
            {space.join_requested
              ? 'Your request to join is waiting for an owner.'
              : 'Ask to join, and an owner of the space will decide.'}
          </p>
          {/* Administrators may invite people to any space they can see, member or not. */}
          {me.role === 'admin' && <SpaceInvitations space={space} />}
        </div>
      ) : (
        <>
          <Tabs tabs={kTabs} current={tab} onChange={choose} label="Space sections" idPrefix="space" />
          <TabPanel idPrefix="space" current={tab}>
            {tab === 'feed' && <SpaceFeed space={space} />}
            {tab === 'problems' && <SpaceProblems space={space} />}
            {tab === 'ideas' && <IdeaBoard space={space} isOwner={isOwner} />}
            {tab === 'proposals' && <SpaceProposals space={space} />}
            {tab === 'pages' && <SpacePages space={space} />}
            {tab === 'members' && <SpaceMembers space={space} isOwner={isOwner} onChanged={reload} />}
          </TabPanel>
        </>
      )}
    </section>
  );
}
