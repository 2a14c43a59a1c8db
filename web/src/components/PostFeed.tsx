// A cursor-paged list of posts (home, profile and topic feeds): first page on mount, next pages
// by infinite scroll or the "Load more posts" button, and helpers to prepend, replace and remove.

import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import type { Page, Post } from '../api/types';
import { Alert } from './Alert';
import { LoadMore } from './LoadMore';
import { PostCard } from './PostCard';

export type FetchPosts = (cursor: string | null, signal?: AbortSignal) => Promise<Page<Post>>;

export interface PostFeedState {
  items: Post[];
  cursor: string | null;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  prepend: (posts: Post[]) => void;
  replace: (post: Post) => void;
  remove: (post: Post) => void;
}

/** `key` changes when the feed is a different one (another person, topic…). */
export function usePostFeed(fetchPage: FetchPosts, key: string): PostFeedState {
  const [items, setItems] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setItems([]);
    setCursor(null);
    setLoading(true);
    setError(null);
    fetchRef
      .current(null, controller.signal)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e) || mine !== generation.current) return;
        setError(describeError(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [key]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    fetchRef
      .current(cursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((previous) => {
          const seen = new Set(previous.map((p) => p.id));
          return [...previous, ...page.items.filter((p) => !seen.has(p.id))];
        });
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (mine !== generation.current) return;
        setError(describeError(e));
        setLoading(false);
      });
  }, [cursor, loading]);

  const prepend = useCallback((posts: Post[]) => {
    setItems((previous) => {
      const fresh = posts.filter((p) => !previous.some((q) => q.id === p.id));
      return [...fresh, ...previous];
    });
  }, []);
  const replace = useCallback((post: Post) => {
    setItems((previous) => previous.map((p) => (p.id === post.id ? post : p)));
  }, []);
  const remove = useCallback((post: Post) => {
    setItems((previous) => previous.filter((p) => p.id !== post.id));
  }, []);

  return { items, cursor, loading, error, loadMore, prepend, replace, remove };
}

interface PostFeedProps {
  feed: PostFeedState;
  label: string;
  empty: ComponentChildren;
  /** Ids of posts that just arrived, highlighted. */
  fresh?: ReadonlySet<string>;
  headingLevel?: 2 | 3;
}

export function PostFeed({ feed, label, empty, fresh, headingLevel = 2 }: PostFeedProps) {
  const { items, cursor, loading, error } = feed;
  const [notice, setNotice] = useState('');
  const onDelete = (post: Post) => {
    feed.remove(post);
    setNotice('Post deleted.');
  };
  return (
    <div class="post-feed">
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {error && <Alert>{error}</Alert>}
      {loading && items.length === 0 && (
        <p class="muted" role="status">
          Loading posts…
        </p>
      )}
      {!loading && !error && items.length === 0 && <div class="post-feed__empty muted">{empty}</div>}
      <ul class="post-list" aria-label={label}>
        {items.map((post) => (
          <li key={post.id}>
            <PostCard
              post={post}
              onChange={feed.replace}
              onDelete={onDelete}
              highlight={fresh?.has(post.id)}
              headingLevel={headingLevel}
            />
          </li>
        ))}
      </ul>
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={feed.loadMore} auto label="Load more posts" />
    </div>
  );
}
