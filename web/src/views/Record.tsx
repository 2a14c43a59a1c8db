// A record from another system: its title, where it comes from (with the link back), its fields,
// who may see it (administrators see the access list), and following it. Then the conversation —
// posts on the record, newest first, merged by time with the changes that were announced — and
// the full history of changes. Beside it: the problems opened about it, with "Open a problem" in
// one of my spaces, the pages that link to it, and the people who might help (each reason linked to what it cites; the person
// suggested may say "Not me").

import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { records as recordsApi, spaces as spacesApi } from '../api/endpoints';
import type { Post, RecordChange, RecordDetail } from '../api/types';
import { Alert } from '../components/Alert';
import { personHref, plural, problemHref, StatusBadge } from '../components/collab';
import { DisclosureButton, NewProblemForm } from '../components/CollabForms';
import { Composer } from '../components/Composer';
import { DateTime } from '../components/DateTime';
import { SuggestedPeople } from '../components/experts';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { LoadError, Skeleton } from '../components/LoadState';
import { LinkedFromPages } from '../components/pages';
import { PostCard } from '../components/PostCard';
import { changeText, FieldsTable, RestrictedBadge, safeUrl, SourceBadge } from '../components/records';
import { TabPanel, Tabs } from '../components/Tabs';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate, useLocation } from '../state/router';
import { useUnits } from '../state/units';
import { NotFound } from './NotFound';

const kTabs = [
  { key: 'conversation', label: 'Conversation' },
  { key: 'history', label: 'History' },
] as const;
type RecordTab = (typeof kTabs)[number]['key'];

const kHelpersNote =
  "No one's past work matches this record yet, so these are the record's followers and people in its owner's unit.";

function tabFrom(value: string | null): RecordTab {
  return value === 'history' ? 'history' : 'conversation';
}

/** Administrators: who besides them may see a restricted record. */
function AccessList({ access }: { access: { people: string[]; units: string[] } }) {
  const { byId } = useUnits();
  return (
    <dl class="facts record-access" aria-label="Access list">
      <dt>People</dt>
      <dd>
        {access.people.length === 0
          ? 'none'
          : access.people.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link href={personHref(id)} data-person-id={id}>
                  #{id}
                </Link>
              </span>
            ))}
      </dd>
      <dt>Units</dt>
      <dd>
        {access.units.length === 0
          ? 'none'
          : access.units.map((id) => (byId.get(id) ? `${byId.get(id)!.name} (#${id})` : `#${id}`)).join(', ')}
      </dd>
    </dl>
  );
}

function FollowButton({ record, onChanged }: { record: RecordDetail; onChanged: (following: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      if (record.following) await recordsApi.unfollow(record.id);
      else await recordsApi.follow(record.id);
      onChanged(!record.following);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="record-follow">
      <button
        type="button"
        class={`button ${record.following ? 'button--secondary' : 'button--primary'}`}
        aria-pressed={record.following}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {record.following ? 'Unfollow' : 'Follow'}
      </button>
      <span class="muted" data-count="record-followers">
        {plural(record.follower_count, 'follower', 'followers')}
      </span>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}

type Entry = { kind: 'post'; at: string; post: Post } | { kind: 'change'; at: string; change: RecordChange };

function ChangeLine({ change, showQuiet = false }: { change: RecordChange; showQuiet?: boolean }) {
  return (
    <div class="record-change" data-change-id={change.id} data-quiet={change.quiet ? 'true' : 'false'}>
      <span class="record-change__icon" aria-hidden="true">
        ✎
      </span>
      <span class="record-change__text">{changeText(change)}</span>
      {showQuiet && change.quiet && (
        <span class="badge" title="Sent quietly: kept in the history only, not announced">
          quiet
        </span>
      )}
      <span class="muted record-change__time">
        <DateTime value={change.changed_at} />
      </span>
    </div>
  );
}

/** Posts on the record and its announced changes, newest first. */
function Conversation({ record }: { record: RecordDetail }) {
  const [posts, setPosts] = useState<Post[]>(record.conversation.items);
  const [cursor, setCursor] = useState<string | null>(record.conversation.next_cursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const loadMore = () => {
    if (!cursor || loading) return;
    setLoading(true);
    recordsApi
      .posts(record.id, { cursor })
      .then((page) => {
        setPosts((previous) => [...previous, ...page.items.filter((p) => !previous.some((q) => q.id === p.id))]);
        setCursor(page.next_cursor);
      })
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setLoading(false));
  };

  // While older posts are still to come, a change older than the oldest post shown waits for them.
  const oldest = posts.length > 0 ? posts[posts.length - 1]!.created_at : null;
  const changes = record.changes.filter((c) => !c.quiet && (!cursor || !oldest || c.changed_at >= oldest));
  const entries: Entry[] = [
    ...posts.map((post): Entry => ({ kind: 'post', at: post.created_at, post })),
    ...changes.map((change): Entry => ({ kind: 'change', at: change.changed_at, change })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <div class="record-conversation">
      <Composer
        label="Write about this record"
        record={{
          id: record.id,
          title: record.title,
          note: record.restricted
            ? 'Only the people who may see this record see the post.'
            : 'Everyone who may see this record sees the post.',
        }}
        onPosted={(post) => {
          setPosts((previous) => [post, ...previous]);
          setNotice('Posted on the record.');
        }}
      />
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {error && <Alert>{error}</Alert>}
      {entries.length === 0 && <p class="muted">Nothing yet. Start the conversation.</p>}
      <ul class="post-list record-timeline" aria-label="Conversation about this record">
        {entries.map((entry) =>
          entry.kind === 'post' ? (
            <li key={`post-${entry.post.id}`}>
              <PostCard
                post={entry.post}
                headingLevel={3}
                onRecordPage
                onChange={(post) => setPosts((previous) => previous.map((p) => (p.id === post.id ? post : p)))}
                onDelete={(post) => {
                  setPosts((previous) => previous.filter((p) => p.id !== post.id));
                  setNotice('Post deleted.');
                }}
              />
            </li>
          ) : (
            <li key={`change-${entry.change.id}`}>
              <ChangeLine change={entry.change} />
            </li>
          ),
        )}
      </ul>
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} label="Older posts" />
    </div>
  );
}

/** Every change, the quiet ones too, newest first. */
function History({ record }: { record: RecordDetail }) {
  const list = usePagedList(
    (cursor, signal) => recordsApi.changes(record.id, { cursor, limit: 50 }, signal),
    `${record.id}:${record.updated_at}`,
  );
  return (
    <section class="card record-history" aria-labelledby="record-history-heading">
      <h2 id="record-history-heading">History</h2>
      <p class="muted">
        Changes the source system sent. Quiet ones are kept here only; the others also show in the conversation.
      </p>
      {list.error && <Alert>{list.error}</Alert>}
      {!list.loading && !list.error && list.items.length === 0 && <p class="muted">No changes since the record arrived.</p>}
      <ol class="record-history__list" aria-label="Changes, newest first">
        {list.items.map((change) => (
          <li key={change.id}>
            <ChangeLine change={change} showQuiet />
          </li>
        ))}
      </ol>
      <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="Older changes" />
    </section>
  );
}

/** "Open a problem": choose one of my spaces, then title and description. */
function OpenProblem({ record }: { record: RecordDetail }) {
  const [open, setOpen] = useState(false);
  const mine = useItem((signal) => spacesApi.list({ mine: true, limit: 100 }, signal), [], { enabled: open });
  const [spaceId, setSpaceId] = useState('');
  const choices = (mine.data?.items ?? []).filter((space) => space.my_role !== null);

  useEffect(() => {
    if (!choices.some((space) => space.id === spaceId) && choices[0]) setSpaceId(choices[0].id);
  }, [mine.data]);

  let form = null;
  if (open) {
    if (mine.error) form = <Alert>{mine.error}</Alert>;
    else if (!mine.data)
      form = <Skeleton label="Loading your spaces…" count={1} />;
    else if (choices.length === 0)
      form = (
        <p class="muted" id="record-new-problem">
          Problems are worked on in a space, and you are not in any yet. <Link href="/spaces">Find a space</Link> to join.
        </p>
      );
    else
      form = (
        <NewProblemForm
          id="record-new-problem"
          heading={`Open a problem about “${record.title}”`}
          spaceId={spaceId}
          recordId={record.id}
          before={
            <SelectField
              label="Space"
              value={spaceId}
              onValue={setSpaceId}
              options={choices.map((space) => ({ value: space.id, label: space.name }))}
              hint="The problem is worked on there; it stays linked to this record."
            />
          }
          onCancel={() => setOpen(false)}
          onCreated={(problem) => navigate(problemHref(problem.id))}
        />
      );
  }

  return (
    <div class="record-open-problem">
      <DisclosureButton label="Open a problem" open={open} onToggle={setOpen} controls="record-new-problem" primary={false} />
      {form}
    </div>
  );
}

function Problems({ record }: { record: RecordDetail }) {
  return (
    <section class="card record-problems" aria-labelledby="record-problems-heading">
      <h2 id="record-problems-heading">
        Problems <span class="count-badge">{record.problems.length}</span>
      </h2>
      {record.problems.length === 0 ? (
        <p class="muted">No problems opened about this record.</p>
      ) : (
        <ul class="record-problems__list" aria-label="Problems about this record">
          {record.problems.map((problem) => (
            <li key={problem.id} data-problem-id={problem.id}>
              <StatusBadge status={problem.status} /> <Link href={problemHref(problem.id)}>{problem.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <OpenProblem record={record} />
    </section>
  );
}

function Helpers({ record }: { record: RecordDetail }) {
  return (
    <SuggestedPeople
      subjectType="record"
      subjectId={record.id}
      suggestions={record.suggested_experts}
      heading="People who might help"
      headingId="record-helpers-heading"
      className="record-helpers"
      note={
        record.suggestions_basis === 'followers_and_owner_unit' ? (
          <p class="muted record-helpers__note">{kHelpersNote}</p>
        ) : null
      }
    />
  );
}

export function RecordView({ recordId }: { recordId: string }) {
  const location = useLocation();
  const {
    data: record,
    missing,
    error,
    retry,
    setData,
  } = useItem((signal) => recordsApi.get(recordId, signal), [recordId], { missingOn: [404, 403] });
  const urlTab = tabFrom(location.query.get('tab'));
  const [tab, setTab] = useState<RecordTab>(urlTab);

  useEffect(() => setTab(urlTab), [urlTab]);
  useEffect(() => {
    if (record) document.title = `${record.title} · Weft`;
  }, [record?.title]);

  const choose = (next: RecordTab) => {
    setTab(next);
    navigate(`/records/${encodeURIComponent(recordId)}${next === 'conversation' ? '' : `?tab=${next}`}`, { replace: true });
  };

  if (missing) return <NotFound what="record" />;
  if (!record) {
    return error ? (
      <LoadError error={error} onRetry={retry} />
    ) : (
      <Skeleton label="Loading the record…" kind="page" />
    );
  }

  const url = safeUrl(record.url);
  return (
    <section class="page item-page record-page">
      <p class="breadcrumb">
        <Link href="/records">Records</Link> › {record.system}
      </p>
      <div class="two-columns two-columns--wide-first">
        <div>
          <article class="card item record" aria-labelledby="record-title" data-record-id={record.id}>
            <header class="item__header">
              <h1 id="record-title">{record.title}</h1>
              <p class="item__meta record__badges">
                <SourceBadge record={record} />
                {record.restricted && <RestrictedBadge />}
              </p>
              <p class="muted record__meta">
                {record.owner && (
                  <>
                    Owner <Link href={personHref(record.owner.id)}>{record.owner.name}</Link> ·{' '}
                  </>
                )}
                Updated <DateTime value={record.updated_at} />
                {url && (
                  <>
                    {' '}
                    ·{' '}
                    <a href={url} target="_blank" rel="noopener noreferrer" class="record__link">
                      Open in {record.system}
                      <span class="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  </>
                )}
              </p>
            </header>
            <FieldsTable fields={record.fields} label="Fields" />
            {record.access && (
              <>
                <h2 class="record__access-heading">Who may see it</h2>
                <p class="muted">Administrators, and:</p>
                <AccessList access={record.access} />
              </>
            )}
            <div class="item__actions">
              <FollowButton
                record={record}
                onChanged={(following) =>
                  setData((r) =>
                    r ? { ...r, following, follower_count: Math.max(0, r.follower_count + (following ? 1 : -1)) } : r,
                  )
                }
              />
            </div>
          </article>
          <Tabs tabs={kTabs} current={tab} onChange={choose} label="Record sections" idPrefix="record" />
          <TabPanel idPrefix="record" current={tab}>
            {tab === 'conversation' ? <Conversation key={record.id} record={record} /> : <History record={record} />}
          </TabPanel>
        </div>
        <aside class="record-aside" aria-label="Problems, pages and people who might help">
          <Problems record={record} />
          <LinkedFromPages type="record" id={record.id} />
          <Helpers record={record} />
        </aside>
      </div>
    </section>
  );
}
