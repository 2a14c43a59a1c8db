// A knowledge page: breadcrumb (space › parent pages), title, the Markdown body rendered, who saved
// it last and when, and links to edit it (members) and to its history; below it, the pages that
// link to it, then the comments. After a save, a line says how it went — plainly so when it was
// merged with changes someone else saved meanwhile.

import { useEffect, useId, useState } from 'preact/hooks';
import { pages as pagesApi } from '../../api/endpoints';
import { Alert } from '../../components/Alert';
import { CommentBox, CommentList } from '../../components/Comments';
import { personHref, plural, useSpace } from '../../components/collab';
import { RelativeTime } from '../../components/DateTime';
import { LoadError, Skeleton } from '../../components/LoadState';
import { LoadMore } from '../../components/LoadMore';
import { LinkedFromPages, PageBreadcrumb, pageHref } from '../../components/pages';
import { PostBody } from '../../components/PostBody';
import { useItem } from '../../components/useItem';
import { usePagedList } from '../../components/usePagedList';
import { Link, useLocation } from '../../state/router';
import { NotFound } from '../NotFound';

const kNone: readonly string[] = [];

const kSavedNotices: Record<string, string> = {
  saved: 'Your changes were saved.',
  merged:
    'Your changes were saved, merged with changes someone else saved while you were editing. The page below has both.',
  resolved: 'Your changes were saved, with the conflicting lines as you chose them.',
  restored: 'The older revision was brought back, as a new revision.',
  created: 'The page was created.',
};

/** The page and its space, for every page view; `missing`: not there, or not for this person. */
export function usePage(pageId: string) {
  const item = useItem((signal) => pagesApi.get(pageId, signal), [pageId], { missingOn: [404, 403] });
  const { space } = useSpace(item.data?.space_id);
  return { ...item, space };
}

/** Watch a page (be told of each edit) or stop; says which it is now. */
function WatchButton({ pageId, watching }: { pageId: string; watching: boolean }) {
  const [on, setOn] = useState(watching);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => setOn(watching), [watching]);
  const toggle = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await pagesApi.watch(pageId, !on);
      setOn(!on);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="button button--secondary button--small" disabled={busy}
        onClick={() => void toggle()} data-testid="page-watch">
        {on ? 'Watching' : 'Watch'}
      </button>
      {failed && <span role="alert" class="muted">Could not change watching; try again.</span>}
    </>
  );
}

/** The conversation beside a page: comments oldest first, and a box for the space's members. */
function PageComments({ pageId, count, canComment }: { pageId: string; count: number; canComment: boolean }) {
  const headingId = useId();
  const list = usePagedList((cursor, signal) => pagesApi.comments(pageId, { cursor: cursor ?? undefined }, signal), pageId);
  const [notice, setNotice] = useState('');
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        Comments <span class="count-badge">{Math.max(count, list.items.length)}</span>
      </h2>
      {list.error ? (
        <LoadError error={list.error} onRetry={list.retry} />
      ) : list.loading && list.items.length === 0 ? (
        <Skeleton label="Loading the comments…" />
      ) : (
        <CommentList comments={list.items} />
      )}
      <LoadMore hasMore={list.cursor !== null} loading={list.loading} onLoad={list.loadMore} label="Older comments" />
      {canComment && (
        <CommentBox
          send={(body) => pagesApi.comment(pageId, body)}
          onCommented={() => {
            setNotice('Comment added.');
            list.reload();
          }}
        />
      )}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
    </section>
  );
}

export function PageView({ pageId }: { pageId: string }) {
  const { data: page, missing, error, retry, space } = usePage(pageId);
  const location = useLocation();
  const saved = location.query.get('saved');

  useEffect(() => {
    if (page) document.title = `${page.title} · Weft`;
  }, [page?.title]);

  if (missing) return <NotFound what="page" />;
  if (!page) return error ? <LoadError error={error} onRetry={retry} /> : <Skeleton label="Loading the page…" kind="page" />;

  const isMember = Boolean(space?.my_role);
  return (
    <section class="page item-page knowledge-page">
      <PageBreadcrumb page={page} space={space} />
      {saved && kSavedNotices[saved] && (
        <Alert kind={saved === 'merged' ? 'info' : 'success'}>
          <span data-saved={saved}>{kSavedNotices[saved]}</span>
        </Alert>
      )}
      <article class="card item" aria-labelledby="page-title">
        <header class="item__header">
          <h1 id="page-title">{page.title}</h1>
          <p class="item__meta muted knowledge-page__meta">
            Last edited by <Link href={personHref(page.author.id)}>{page.author.name}</Link>{' '}
            <RelativeTime value={page.updated_at} past /> · {plural(page.revision_count, 'revision', 'revisions')}
          </p>
          {page.source_type && page.source_id && (
            <p class="knowledge-page__source" data-testid="page-source">
              Written up from{' '}
              <Link href={`/${page.source_type === 'problem' ? 'problems' : 'proposals'}/${encodeURIComponent(page.source_id)}`}>
                the {page.source_type} it records
              </Link>
            </p>
          )}
          <p class="form__actions knowledge-page__actions">
            {isMember && (
              <Link class="button button--primary button--small" href={pageHref(page.id, 'edit')}>
                Edit
              </Link>
            )}
            <Link class="button button--secondary button--small" href={pageHref(page.id, 'history')}>
              History
            </Link>
            <WatchButton pageId={page.id} watching={page.watching} />
          </p>
        </header>
        {page.body.trim() ? (
          <PostBody body={page.body} topics={kNone} mentionHandles={kNone} id="page-body" />
        ) : (
          <p class="muted">This page is empty.</p>
        )}
      </article>
      <LinkedFromPages type="page" id={page.id} />
      <PageComments pageId={page.id} count={page.comment_count} canComment={isMember} />
    </section>
  );
}
