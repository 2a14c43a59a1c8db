// One side of a person's follow graph (followers or following), paged with "Load more"; the panel of
// a profile tab, so its heading is for screen readers.

import { useEffect, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import { people as peopleApi } from '../api/endpoints';
import type { Person } from '../api/types';
import { Link } from '../state/router';
import { LoadMore } from './LoadMore';
import { LoadError, Skeleton } from './LoadState';
import { PersonList } from './PersonList';

interface FollowListProps {
  id: string;
  title: string;
  count: number;
  personId: string;
  kind: 'followers' | 'following';
  /** Changes when the graph changed and the list must be fetched again. */
  version: number;
}

export function FollowList({ id, title, count, personId, kind, version }: FollowListProps) {
  const [items, setItems] = useState<Person[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Bumped by "Try again" after the first page failed.
  const [attempt, setAttempt] = useState(0);

  const fetchPage = (after: string | null, signal?: AbortSignal) =>
    kind === 'followers' ? peopleApi.followers(personId, after, signal) : peopleApi.following(personId, after, signal);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    fetchPage(null, controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(describeError(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [personId, kind, version, attempt]);

  const loadMore = () => {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    fetchPage(cursor)
      .then((page) => {
        setItems((previous) => [...previous, ...page.items]);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        setError(describeError(e));
        setLoading(false);
      });
  };

  const headingId = `${id}-heading`;
  return (
    <section class="card" id={id} aria-labelledby={headingId}>
      {/* The profile's tab already says which list this is, with the count. */}
      <h2 id={headingId} class="visually-hidden">
        {title} <span class="count-badge">{count}</span>
      </h2>
      {error && (
        <LoadError
          error={error}
          what={title}
          onRetry={() => (items.length > 0 && cursor ? loadMore() : setAttempt((n) => n + 1))}
        />
      )}
      {loading && items.length === 0 && !error && (
        <Skeleton label={kind === 'followers' ? 'Loading followers…' : 'Loading the people followed…'} count={2} />
      )}
      {!loading && !error && items.length === 0 && (
        <p class="muted">
          {kind === 'followers' ? (
            'No followers yet.'
          ) : (
            <>
              Not following anyone yet. Find colleagues to follow among <Link href="/people">People</Link>.
            </>
          )}
        </p>
      )}
      <PersonList people={items} label={title} />
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
}
