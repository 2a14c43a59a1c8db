// The moderation queue (/moderation): the posts and replies someone moderates — a space's owners
// their space's, administrators those outside spaces and in public spaces — that were reported or
// hidden, in tabs Open / Hidden / All (the tab is in the URL). Each shows the post's first words,
// its author and space, and every report with its reporter, reason and outcome; Hide, Dismiss
// reports and Restore each ask for a reason (the author sees a hide's reason on their post), then the
// list is fetched again. A report arriving on the stream fetches it again too. Someone who moderates
// nothing is told so.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { moderation as moderationApi } from '../api/endpoints';
import type { ModerationState, ReportedPost } from '../api/types';
import { Avatar } from '../components/Avatar';
import { plural } from '../components/collab';
import { RelativeTime } from '../components/DateTime';
import { LoadMore } from '../components/LoadMore';
import { ListStatus } from '../components/LoadState';
import { ReasonDialog } from '../components/ReasonDialog';
import { TabPanel, Tabs } from '../components/Tabs';
import { usePagedList } from '../components/usePagedList';
import { onNotification } from '../state/realtime';
import { Link, navigate, useLocation } from '../state/router';
import { useMe } from '../state/session';

const kPageSize = 20;

const kTabs: ReadonlyArray<{ key: ModerationState; label: string }> = [
  { key: 'open', label: 'Open' },
  { key: 'hidden', label: 'Hidden' },
  { key: 'all', label: 'All' },
];

function stateFrom(value: string | null): ModerationState {
  return value === 'hidden' || value === 'all' ? value : 'open';
}

/** A queue entry with the id the paged list goes by. */
type QueueItem = ReportedPost & { id: string };

type Act = 'hide' | 'dismiss' | 'restore';

const kActs: Record<Act, { title: string; label: string; hint: string; submit: string; busy: string; done: string }> = {
  hide: {
    title: 'Hide this post',
    label: 'Why is it hidden?',
    hint: 'Its author sees this reason on the post and is told. Nobody else sees the post any more.',
    submit: 'Hide the post',
    busy: 'Hiding…',
    done: 'The post is hidden. Its author is told why.',
  },
  dismiss: {
    title: 'Dismiss the reports',
    label: 'Why does the post stay?',
    hint: 'The post stays as it is; the reports are closed.',
    submit: 'Dismiss the reports',
    busy: 'Dismissing…',
    done: 'The reports are dismissed. The post stays.',
  },
  restore: {
    title: 'Restore this post',
    label: 'Why is it shown again?',
    hint: 'Everyone who could see the post sees it again, and its author is told.',
    submit: 'Restore the post',
    busy: 'Restoring…',
    done: 'The post is restored.',
  },
};

const kEmpty: Record<ModerationState, string> = {
  open: 'No open reports. When someone reports a post you moderate, it comes here.',
  hidden: 'No hidden posts.',
  all: 'Nothing you moderate has been reported or hidden.',
};

function Resolution({ value }: { value: ReportedPost['reports'][number]['resolution'] }) {
  if (value === 'hidden') return <span class="badge moderation-badge moderation-badge--hidden">Hidden</span>;
  if (value === 'dismissed') return <span class="badge moderation-badge">Dismissed</span>;
  return <span class="badge moderation-badge moderation-badge--open">Open</span>;
}

function QueueEntry({ item, onAct }: { item: QueueItem; onAct: (item: QueueItem, act: Act) => void }) {
  const headingId = useId();
  const postHref = `/posts/${encodeURIComponent(item.post_id)}`;
  return (
    <li class="card moderation-item" data-post-id={item.post_id} data-hidden={item.hidden ? 'true' : 'false'}
      data-open-reports={item.open_reports}>
      <article aria-labelledby={headingId}>
        <header class="moderation-item__header">
          <Avatar id={item.author.id} name={item.author.name} src={item.author.avatar_url} size="sm" />
          <div class="moderation-item__who">
            <h2 id={headingId} class="moderation-item__title">
              Post by <Link href={`/people/${encodeURIComponent(item.author.id)}`}>{item.author.name}</Link>{' '}
              <span class="handle">@{item.author.handle}</span>
            </h2>
            <p class="muted moderation-item__meta">
              {item.space_id ? (
                <>
                  In <Link href={`/spaces/${encodeURIComponent(item.space_id)}`}>{item.space_name}</Link>
                </>
              ) : (
                'Outside spaces'
              )}
              {item.last_reported_at && (
                <>
                  {' · last reported '}
                  <RelativeTime value={item.last_reported_at} past />
                </>
              )}
            </p>
          </div>
          <p class="moderation-item__state">
            {item.hidden && <span class="badge moderation-badge moderation-badge--hidden">Hidden</span>}
            {item.open_reports > 0 && (
              <span class="badge moderation-badge moderation-badge--open">{plural(item.open_reports, 'open report', 'open reports')}</span>
            )}
          </p>
        </header>
        <blockquote class="moderation-item__excerpt" data-testid="excerpt">
          {item.excerpt || <span class="muted">(no text)</span>}
        </blockquote>
        {item.hidden && (
          <p class="moderation-item__hidden" data-testid="hidden-reason">
            <strong>Hidden:</strong> {item.hidden_reason}
          </p>
        )}
        {!item.hidden && (
          <p class="moderation-item__open">
            <Link href={postHref}>Open the conversation</Link>
          </p>
        )}
        {item.reports.length > 0 && (
          <>
            <h3 class="moderation-item__reports-title">{plural(item.reports.length, 'report', 'reports')}</h3>
            <ul class="moderation-reports">
              {item.reports.map((report) => (
                <li key={report.id} class="moderation-report" data-report-id={report.id} data-resolution={report.resolution ?? 'open'}>
                  <p class="moderation-report__who">
                    <Link href={`/people/${encodeURIComponent(report.reporter.id)}`}>{report.reporter.name}</Link>{' '}
                    <span class="muted">
                      <RelativeTime value={report.created_at} past />
                    </span>{' '}
                    <Resolution value={report.resolution} />
                  </p>
                  <p class="moderation-report__reason" data-testid="report-reason">
                    {report.reason}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
        <div class="form__actions moderation-item__actions">
          {!item.hidden && (
            <button type="button" class="button button--outline-danger button--small" aria-haspopup="dialog"
              onClick={() => onAct(item, 'hide')}>
              Hide<span class="visually-hidden"> the post by {item.author.name}</span>
            </button>
          )}
          {item.open_reports > 0 && (
            <button type="button" class="button button--secondary button--small" aria-haspopup="dialog"
              onClick={() => onAct(item, 'dismiss')}>
              Dismiss reports<span class="visually-hidden"> on the post by {item.author.name}</span>
            </button>
          )}
          {item.hidden && (
            <button type="button" class="button button--secondary button--small" aria-haspopup="dialog"
              onClick={() => onAct(item, 'restore')}>
              Restore<span class="visually-hidden"> the post by {item.author.name}</span>
            </button>
          )}
        </div>
      </article>
    </li>
  );
}

export function Moderation() {
  const me = useMe();
  const location = useLocation();
  const state = stateFrom(location.query.get('state'));
  const [forbidden, setForbidden] = useState(false);
  const [acting, setActing] = useState<{ item: QueueItem; act: Act } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = usePagedList<QueueItem>(
    (cursor, signal) =>
      moderationApi.queue({ state, cursor, limit: kPageSize }, signal).then(
        (page) => ({ ...page, items: page.items.map((item) => ({ ...item, id: item.post_id })) }),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 403) setForbidden(true);
          throw error;
        },
      ),
    state,
  );

  // A report made while the page is open: fetch the queue again.
  const reload = useRef(list.reload);
  reload.current = list.reload;
  useEffect(
    () =>
      onNotification((notification) => {
        if (notification.kind === 'post_reported') reload.current();
      }),
    [],
  );

  const choose = (next: ModerationState) => {
    setNotice(null);
    navigate(`/moderation${next === 'open' ? '' : `?state=${next}`}`, { replace: true });
  };

  if (forbidden) {
    return (
      <section class="empty-state" data-testid="moderates-nothing">
        <h1>Moderation</h1>
        <p>You moderate no space</p>
        <p class="muted">
          The owners of a space moderate its posts, and administrators the posts outside spaces and in public spaces.
        </p>
      </section>
    );
  }

  const act = async (reason: string) => {
    if (!acting) return;
    const { item, act: which } = acting;
    if (which === 'hide') await moderationApi.hide(item.post_id, reason);
    else if (which === 'dismiss') await moderationApi.dismiss(item.post_id, reason);
    else await moderationApi.restore(item.post_id, reason);
    setActing(null);
    setNotice(kActs[which].done);
    list.reload();
    // The button that opened the dialog may be gone with the change: focus the current tab.
    requestAnimationFrame(() => document.getElementById(`moderation-tab-${state}`)?.focus());
  };

  const count = list.items.length;
  return (
    <section class="page moderation">
      <header class="page__header">
        <h1>Moderation</h1>
      </header>
      <p class="muted">
        {me.role === 'admin'
          ? 'Posts and replies reported to you: those of the spaces you own, and as an administrator those outside spaces and in public spaces. '
          : 'Posts and replies reported in the spaces you own. '}
        A hidden post stays for its author alone, with your reason on it.
      </p>
      <Tabs tabs={kTabs} current={state} onChange={choose} label="Moderation queue" idPrefix="moderation" />
      <TabPanel idPrefix="moderation" current={state}>
        <div role="status">{notice && <p class="field__ok moderation__notice">{notice}</p>}</div>
        <ListStatus loading={list.loading && count === 0} error={list.error} onRetry={list.retry}
          loadingLabel="Loading the queue…" what="The moderation queue" skeleton="cards">
          {count === 0 ? kEmpty[state] : `${plural(count, 'post', 'posts')}${list.cursor ? ' so far' : ''}.`}
        </ListStatus>
        {count > 0 && (
          <ul class="moderation-list" aria-label={`${kTabs.find((tab) => tab.key === state)!.label} moderation queue`}>
            {list.items.map((item) => (
              <QueueEntry key={item.id} item={item} onAct={(target, which) => setActing({ item: target, act: which })} />
            ))}
          </ul>
        )}
        <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} />
      </TabPanel>
      {acting && (
        <ReasonDialog
          title={kActs[acting.act].title}
          label={kActs[acting.act].label}
          hint={kActs[acting.act].hint}
          submitLabel={kActs[acting.act].submit}
          busyLabel={kActs[acting.act].busy}
          danger={acting.act === 'hide'}
          onSubmit={act}
          onClose={() => setActing(null)}
        >
          <blockquote class="post-embed dialog__quote moderation-item__excerpt">
            <span class="muted">{acting.item.author.name}: </span>
            {acting.item.excerpt}
          </blockquote>
        </ReasonDialog>
      )}
    </section>
  );
}
