// A person's profile: who they are and their skills with endorsements, then tabs — Work (their
// record of work: problems solved, ideas adopted, decisions taken part in, problems raised), Posts
// (with a composer on one's own profile), Followers and Following. The tab is in the URL (?tab=…)
// so it can be linked; Work is the default. Other people can be followed and their skills endorsed;
// one's own profile links to editing. /people/@handle (mention links) is resolved to the person's
// id. One's own profile (and any profile, for admins) links to the personal export.

import { useEffect, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import { feeds, people as peopleApi } from '../api/endpoints';
import type { PersonDetail } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { Composer } from '../components/Composer';
import { FollowList } from '../components/FollowList';
import { LoadError, Skeleton } from '../components/LoadState';
import { PostFeed, usePostFeed } from '../components/PostFeed';
import { TabPanel, Tabs } from '../components/Tabs';
import type { TabItem } from '../components/Tabs';
import { useItem } from '../components/useItem';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';
import { NotFound } from './NotFound';
import { ProfileWork } from './profile/ProfileWork';

const kAwayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const kTabKeys = ['work', 'posts', 'followers', 'following'] as const;
type ProfileTab = (typeof kTabKeys)[number];

function tabFrom(value: string | null): ProfileTab {
  return kTabKeys.includes(value as ProfileTab) ? (value as ProfileTab) : 'work';
}

function profileHref(personId: string, tab: ProfileTab = 'work'): string {
  return `/people/${encodeURIComponent(personId)}${tab === 'work' ? '' : `?tab=${tab}`}`;
}

export function Profile({ personId }: { personId: string }) {
  const me = useMe();
  const { byId } = useUnits();
  const location = useLocation();
  const tab = tabFrom(location.query.get('tab'));
  const {
    data: person,
    missing,
    error: loadError,
    reload,
    retry,
  } = useItem<PersonDetail>(
    async (signal) => {
      if (personId.startsWith('@')) {
        const handle = personId.slice(1).toLowerCase();
        const page = await peopleApi.list({ q: handle, limit: 20 }, signal);
        const found = page.items.find((p) => p.handle.toLowerCase() === handle);
        if (!found) throw new ApiError(404, 'not_found', 'Not found.');
        // Keep the tab asked for (?tab=…) on the way.
        navigate(`/people/${encodeURIComponent(found.id)}${window.location.search}`, { replace: true });
        // The page for that id loads the person; this one keeps saying "Loading" until then.
        return new Promise<never>(() => undefined);
      }
      return peopleApi.get(personId, signal);
    },
    [personId],
    { clearOnChange: true },
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Bumped after a follow change so the followers list reloads.
  const [graphVersion, setGraphVersion] = useState(0);

  useEffect(() => setActionError(null), [personId]);

  if (missing) return <NotFound what="person" />;
  if (loadError) return <LoadError error={loadError} onRetry={retry} />;
  if (!person) return <Skeleton label="Loading profile…" kind="page" />;

  const isMe = person.id === me.id;
  // The export is for the person themselves and for admins (GET, session cookie: a plain link).
  const canExport = isMe || me.role === 'admin';
  const unit = person.unit_id ? byId.get(person.unit_id) : undefined;

  const act = async (key: string, action: () => Promise<unknown>, graphChanged = false) => {
    setBusy(key);
    setActionError(null);
    try {
      await action();
      await reload();
      if (graphChanged) setGraphVersion((v) => v + 1);
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  // The counts ride in the tab labels (data-count keeps them findable by tests and scripts).
  const tabs: ReadonlyArray<TabItem<ProfileTab>> = [
    { key: 'work', label: 'Work' },
    { key: 'posts', label: 'Posts' },
    {
      key: 'followers',
      label: 'Followers',
      extra: (
        <>
          {' '}
          <span class="tabs__count" data-count="followers">
            {person.followers_count}
          </span>
        </>
      ),
    },
    {
      key: 'following',
      label: 'Following',
      extra: (
        <>
          {' '}
          <span class="tabs__count" data-count="following">
            {person.following_count}
          </span>
        </>
      ),
    },
  ];
  const choose = (next: ProfileTab) => navigate(profileHref(person.id, next), { replace: true });

  const toggleFollow = () =>
    act(
      'follow',
      () => (person.followed_by_me ? peopleApi.unfollow(person.id) : peopleApi.follow(person.id)),
      true,
    );

  return (
    <article class="page profile">
      <header class="profile__header">
        <Avatar id={person.id} name={person.name} size="lg" src={person.avatar_url} />
        <div class="profile__identity">
          <h1>{person.name}</h1>
          <p class="profile__meta">
            <span class="handle">@{person.handle}</span>
            {person.role !== 'member' && <span class={`badge badge--${person.role}`}>{person.role}</span>}
            {person.unavailable_until && (
              <span class="badge badge--away" data-testid="away">
                Away until {kAwayFormat.format(new Date(person.unavailable_until))}
              </span>
            )}
          </p>
          {(person.title || unit) && (
            <p class="profile__title">
              {person.title}
              {person.title && unit && ' · '}
              {unit && <Link href={`/people?unit_id=${encodeURIComponent(unit.id)}`}>{unit.name}</Link>}
            </p>
          )}
        </div>
        <div class="profile__actions">
          {isMe ? (
            <Link class="button button--secondary" href="/me/edit">
              Edit profile
            </Link>
          ) : (
            <button
              type="button"
              class={`button ${person.followed_by_me ? 'button--secondary' : 'button--primary'}`}
              onClick={toggleFollow}
              disabled={busy === 'follow'}
            >
              {person.followed_by_me ? 'Unfollow' : 'Follow'}
            </button>
          )}
          {canExport && (
            <>
              <a
                class="button button--secondary"
                href={`/api/v1/people/${encodeURIComponent(person.id)}/export`}
                download
                aria-describedby="profile-export-note"
              >
                {isMe ? 'Download my data' : "Download this person's data"}
              </a>
              <p id="profile-export-note" class="profile__note">
                A JSON Lines file of {isMe ? 'your' : 'their'} profile, posts, problems, solutions, ideas, comments,
                stances, follows and memberships.
              </p>
            </>
          )}
        </div>
      </header>

      {actionError && <Alert>{actionError}</Alert>}

      {person.bio && (
        <section class="card" aria-labelledby="bio-heading">
          <h2 id="bio-heading">About</h2>
          <p class="bio">{person.bio}</p>
        </section>
      )}

      <section class="card" aria-labelledby="skills-heading">
        <h2 id="skills-heading">Skills</h2>
        {person.skills.length === 0 ? (
          <p class="muted">{isMe ? 'You have not listed any skills yet.' : 'No skills listed yet.'}</p>
        ) : (
          <ul class="skill-list">
            {person.skills.map((skill) => (
              <li key={skill.name} class="skill-row">
                <Link class="skill-row__name" href={`/people?skill=${encodeURIComponent(skill.name)}`}>
                  {skill.name}
                </Link>
                <span class="skill-row__count" data-skill-count={skill.name}>
                  {plural(skill.endorsements, 'endorsement', 'endorsements')}
                </span>
                {!isMe && (
                  <button
                    type="button"
                    class={`button button--small ${skill.endorsed_by_me ? 'button--secondary' : 'button--outline'}`}
                    aria-label={`${skill.endorsed_by_me ? 'Withdraw endorsement of' : 'Endorse'} ${skill.name}`}
                    disabled={busy === `skill:${skill.name}`}
                    onClick={() =>
                      act(`skill:${skill.name}`, () =>
                        skill.endorsed_by_me
                          ? peopleApi.withdrawEndorsement(person.id, skill.name)
                          : peopleApi.endorse(person.id, skill.name),
                      )
                    }
                  >
                    {skill.endorsed_by_me ? 'Withdraw' : 'Endorse'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Tabs tabs={tabs} current={tab} onChange={choose} label="Profile sections" idPrefix="profile" />
      <TabPanel idPrefix="profile" current={tab}>
        {tab === 'work' && <ProfileWork personId={person.id} />}
        {tab === 'posts' && <ProfilePosts personId={person.id} isMe={isMe} name={person.name} />}
        {tab === 'followers' && (
          <FollowList
            id="followers"
            title="Followers"
            count={person.followers_count}
            personId={person.id}
            kind="followers"
            version={graphVersion}
          />
        )}
        {tab === 'following' && (
          <FollowList
            id="following"
            title="Following"
            count={person.following_count}
            personId={person.id}
            kind="following"
            version={graphVersion}
          />
        )}
      </TabPanel>
    </article>
  );
}

function ProfilePosts({ personId, isMe, name }: { personId: string; isMe: boolean; name: string }) {
  const feed = usePostFeed((cursor, signal) => feeds.person(personId, { cursor, limit: 20 }, signal), `person:${personId}`);
  return (
    <section class="profile__posts" aria-labelledby="posts-heading">
      <h2 id="posts-heading" class="visually-hidden">
        Posts
      </h2>
      {isMe && <Composer onPosted={(post) => feed.prepend([post])} />}
      <PostFeed
        feed={feed}
        headingLevel={3}
        label={isMe ? 'My posts' : `Posts by ${name}`}
        empty={
          <p>
            {isMe
              ? 'You have not posted anything yet. Share something with the box above.'
              : `No posts to show. ${name} has not posted anything you can see yet.`}
          </p>
        }
      />
    </section>
  );
}
