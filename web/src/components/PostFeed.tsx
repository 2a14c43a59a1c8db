// A cursor-paged list of posts (home, profile and topic feeds): first page on mount, next pages
// by infinite scroll or the "Load more posts" button, and helpers to prepend, replace and remove.

import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import type { Page, Post } from '../api/types';
import { LoadError, Skeleton } from './LoadState';
import { LoadMore } from './LoadMore';
import { PostCard } from './PostCard';
import { type PagedList, usePagedList } from './usePagedList';

export type FetchPosts = (cursor: string | null, signal?: AbortSignal) => Promise<Page<Post>>;

export interface PostFeedState extends Omit<PagedList<Post>, 'prepend'> {
  /** Adds the posts that are not in the feed yet at its top. */
  prepend: (posts: Post[]) => void;
}

/** `key` changes when the feed is a different one (another person, topic…). */
export function usePostFeed(fetchPage: FetchPosts, key: string): PostFeedState {
  const list = usePagedList(fetchPage, key, { clearOnChange: true });
  const { update } = list;
  const prepend = useCallback(
    (posts: Post[]) =>
      update((previous) => {
        const fresh = posts.filter((p) => !previous.some((q) => q.id === p.id));
        return [...fresh, ...previous];
      }),
    [update],
  );
  return { ...list, prepend };
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
      {error && <LoadError error={error} onRetry={feed.retry} what="Posts" />}
      {loading && items.length === 0 && !error && <Skeleton label="Loading posts…" kind="posts" />}
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
