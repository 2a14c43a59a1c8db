// A thread: the root post, then every reply oldest first, nested under the reply it answers (the
// indentation stops growing after a few levels), a reply box for the thread and one per reply.
// /posts/{reply id} opens the thread of its root, scrolled to that reply.

import { useEffect, useRef, useState } from 'preact/hooks';
import { posts as postsApi } from '../api/endpoints';
import type { Post } from '../api/types';
import { ReplyBox } from '../components/Composer';
import { LoadMore } from '../components/LoadMore';
import { LoadError, Skeleton } from '../components/LoadState';
import { PostCard } from '../components/PostCard';
import { useItem } from '../components/useItem';
import { usePagedList } from '../components/usePagedList';
import { Link, navigate } from '../state/router';
import { NotFound } from './NotFound';

const kMaxIndent = 4;

interface ReplyNode {
  post: Post;
  children: ReplyNode[];
}

function buildTree(rootId: string, replies: Post[]): ReplyNode[] {
  const nodes = new Map<string, ReplyNode>();
  for (const reply of replies) nodes.set(reply.id, { post: reply, children: [] });
  const top: ReplyNode[] = [];
  for (const reply of replies) {
    const node = nodes.get(reply.id)!;
    const parent = reply.reply_to && reply.reply_to !== rootId ? nodes.get(reply.reply_to) : undefined;
    if (parent) parent.children.push(node);
    else top.push(node);
  }
  return top;
}

interface RepliesProps {
  nodes: ReplyNode[];
  depth: number;
  replyingTo: string | null;
  setReplyingTo: (id: string | null) => void;
  onAdded: (reply: Post) => void;
  onChanged: (reply: Post) => void;
  onDeleted: (reply: Post) => void;
  byId: Map<string, Post>;
}

function Replies({ nodes, depth, replyingTo, setReplyingTo, onAdded, onChanged, onDeleted, byId }: RepliesProps) {
  if (nodes.length === 0) return null;
  const nested = depth > 0 && depth <= kMaxIndent;
  return (
    <ol class={`replies${nested ? ' replies--nested' : ''}`} aria-label={depth === 0 ? 'Replies' : undefined}>
      {nodes.map(({ post, children }) => {
        const parent = post.reply_to ? byId.get(post.reply_to) : undefined;
        return (
          <li key={post.id} class="replies__item">
            {depth >= kMaxIndent && parent && (
              <p class="replies__context muted">In reply to {parent.author.name}</p>
            )}
            <PostCard
              post={post}
              variant="reply"
              headingLevel={3}
              onReply={(p) => setReplyingTo(replyingTo === p.id ? null : p.id)}
              onChange={onChanged}
              onDelete={onDeleted}
            />
            {replyingTo === post.id && (
              <ReplyBox
                postId={post.id}
                label={`Reply to ${post.author.name}`}
                autoFocus
                onCancel={() => setReplyingTo(null)}
                onReplied={(reply) => {
                  setReplyingTo(null);
                  onAdded(reply);
                }}
              />
            )}
            <Replies
              nodes={children}
              depth={depth + 1}
              replyingTo={replyingTo}
              setReplyingTo={setReplyingTo}
              onAdded={onAdded}
              onChanged={onChanged}
              onDeleted={onDeleted}
              byId={byId}
            />
          </li>
        );
      })}
    </ol>
  );
}

export function Thread({ postId }: { postId: string }) {
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scrolled = useRef(false);
  const loads = useRef(0);
  // One request for the page: the root, the first replies, and which reply was asked for.
  const thread = useItem(
    async (signal) => {
      scrolled.current = false;
      const page = await postsApi.thread(postId, { limit: 100 }, signal);
      const hash = window.location.hash.match(/^#post-(.+)$/);
      return {
        root: page.root,
        focusId: page.focus_id ?? (hash ? decodeURIComponent(hash[1]!) : null),
        firstReplies: { items: page.items, next_cursor: page.next_cursor },
        load: ++loads.current,
      };
    },
    [postId],
    { clearOnChange: true },
  );
  const root = thread.data?.root ?? null;
  const focusId = thread.data?.focusId ?? null;
  const rootId = root?.id ?? null;
  const firstReplies = thread.data?.firstReplies ?? null;
  const list = usePagedList<Post>(
    // The first page came with the thread; later ones from the root's replies.
    (cursor, signal) =>
      cursor === null && firstReplies
        ? Promise.resolve(firstReplies)
        : postsApi.replies(rootId!, { cursor, limit: 100 }, signal),
    rootId ? `${rootId}:${thread.data?.load ?? 0}` : '',
    { enabled: rootId !== null, clearOnChange: true },
  );
  const replies = list.items;

  // Bring a linked reply into view once it is rendered.
  useEffect(() => {
    if (!focusId || scrolled.current || !root) return;
    const element = document.getElementById(`post-${focusId}`);
    if (!element) return;
    scrolled.current = true;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [focusId, root, replies]);

  if (thread.missing) return <NotFound what="post" />;
  if (thread.error && !root) return <LoadError error={thread.error} onRetry={thread.retry} />;
  if (!root) return <Skeleton label="Loading the conversation…" kind="posts" count={2} />;

  const setRoot = (post: Post) => thread.setData((t) => (t ? { ...t, root: post } : t));
  const added = (reply: Post) => {
    list.update((previous) => [...previous, reply]);
    thread.setData((t) => (t ? { ...t, root: { ...t.root, reply_count: t.root.reply_count + 1 } } : t));
    setNotice(`Reply posted.`);
    requestAnimationFrame(() => document.getElementById(`post-${reply.id}`)?.focus());
  };
  const changed = list.replace;
  const deleted = (reply: Post) => {
    // Replies under a deleted reply stay (they still answer the thread).
    list.remove(reply);
    setNotice('Reply deleted.');
  };

  const byId = new Map(replies.map((p) => [p.id, p]));
  const tree = buildTree(root.id, replies);
  const count = replies.length;

  return (
    <section class="page page--feed thread">
      <header class="page__header">
        <h1>Conversation</h1>
        <Link href="/">Back to home</Link>
      </header>
      <PostCard
        post={root}
        variant="root"
        onReply={() => {
          const box = document.querySelector<HTMLTextAreaElement>('#thread-reply textarea');
          box?.scrollIntoView({ block: 'center' });
          box?.focus({ preventScroll: true });
        }}
        onChange={setRoot}
        onDelete={() => navigate('/', { replace: true })}
      />
      <section class="card thread__replies" aria-labelledby="replies-heading">
        <h2 id="replies-heading">
          {count === 0 && !list.loading ? 'No replies yet' : `Replies`}{' '}
          {count > 0 && <span class="count-badge">{count}</span>}
        </h2>
        {list.error && <LoadError error={list.error} onRetry={list.retry} what="Replies" />}
        <Replies
          nodes={tree}
          depth={0}
          replyingTo={replyingTo}
          setReplyingTo={setReplyingTo}
          onAdded={added}
          onChanged={changed}
          onDeleted={deleted}
          byId={byId}
        />
        <LoadMore hasMore={Boolean(list.cursor)} loading={list.loading} onLoad={list.loadMore} label="Load more replies" />
        <div id="thread-reply">
          <ReplyBox postId={root.id} label="Reply to the conversation" onReplied={added} />
        </div>
        <p class="visually-hidden" role="status">
          {notice}
        </p>
      </section>
    </section>
  );
}
