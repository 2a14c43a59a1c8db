// A thread: the root post, then every reply oldest first, nested under the reply it answers (the
// indentation stops growing after a few levels), a reply box for the thread and one per reply.
// /posts/{reply id} opens the thread of its root, scrolled to that reply.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, isAbort } from '../api/client';
import { posts as postsApi } from '../api/endpoints';
import type { Post } from '../api/types';
import { Alert } from '../components/Alert';
import { ReplyBox } from '../components/Composer';
import { LoadMore } from '../components/LoadMore';
import { PostCard } from '../components/PostCard';
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
  const [root, setRoot] = useState<Post | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [replies, setReplies] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingReplies, setLoadingReplies] = useState(true);
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scrolled = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    setRoot(null);
    setMissing(false);
    setError(null);
    setReplies([]);
    setCursor(null);
    setLoadingReplies(true);
    scrolled.current = false;
    (async () => {
      let post = await postsApi.get(postId, controller.signal);
      if (post.root_id && post.root_id !== post.id) {
        setFocusId(post.id);
        post = await postsApi.get(post.root_id, controller.signal);
      } else {
        const hash = window.location.hash.match(/^#post-(.+)$/);
        setFocusId(hash ? decodeURIComponent(hash[1]!) : null);
      }
      setRoot(post);
      const page = await postsApi.replies(post.id, { limit: 100 }, controller.signal);
      setReplies(page.items);
      setCursor(page.next_cursor);
      setLoadingReplies(false);
    })().catch((e: unknown) => {
      if (isAbort(e)) return;
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else setError(describeError(e));
      setLoadingReplies(false);
    });
    return () => controller.abort();
  }, [postId]);

  // Bring a linked reply into view once it is rendered.
  useEffect(() => {
    if (!focusId || scrolled.current || !root) return;
    const element = document.getElementById(`post-${focusId}`);
    if (!element) return;
    scrolled.current = true;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [focusId, root, replies]);

  if (missing) return <NotFound what="post" />;
  if (error && !root) return <Alert>{error}</Alert>;
  if (!root) {
    return (
      <p class="muted" role="status">
        Loading the conversation…
      </p>
    );
  }

  const loadMore = () => {
    if (!cursor) return;
    setLoadingReplies(true);
    postsApi
      .replies(root.id, { cursor, limit: 100 })
      .then((page) => {
        setReplies((previous) => {
          const seen = new Set(previous.map((p) => p.id));
          return [...previous, ...page.items.filter((p) => !seen.has(p.id))];
        });
        setCursor(page.next_cursor);
        setLoadingReplies(false);
      })
      .catch((e: unknown) => {
        setError(describeError(e));
        setLoadingReplies(false);
      });
  };

  const added = (reply: Post) => {
    setReplies((previous) => [...previous, reply]);
    setRoot((r) => (r ? { ...r, reply_count: r.reply_count + 1 } : r));
    setNotice(`Reply posted.`);
    requestAnimationFrame(() => document.getElementById(`post-${reply.id}`)?.focus());
  };
  const changed = (reply: Post) => setReplies((previous) => previous.map((p) => (p.id === reply.id ? reply : p)));
  const deleted = (reply: Post) => {
    // Replies under a deleted reply stay (they still answer the thread).
    setReplies((previous) => previous.filter((p) => p.id !== reply.id));
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
        onChange={setRoot}
        onDelete={() => navigate('/', { replace: true })}
      />
      <section class="card thread__replies" aria-labelledby="replies-heading">
        <h2 id="replies-heading">
          {count === 0 && !loadingReplies ? 'No replies yet' : `Replies`}{' '}
          {count > 0 && <span class="count-badge">{count}</span>}
        </h2>
        {error && <Alert>{error}</Alert>}
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
        <LoadMore hasMore={Boolean(cursor)} loading={loadingReplies} onLoad={loadMore} label="Load more replies" />
        <ReplyBox postId={root.id} label="Reply to the conversation" onReplied={added} />
        <p class="visually-hidden" role="status">
          {notice}
        </p>
      </section>
    </section>
  );
}
