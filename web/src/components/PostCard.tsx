// One post: author, time, rendered body, topics, the embedded original of a reshare, and one row
// of actions, the same in every place a post is shown and always in this order: reactions (toggle
// buttons with counts), Reply, Reshare, Copy link, then Cascade, Edit and Delete where they apply,
// and Report on other people's posts (a reason for the moderators, in a dialog). A post a moderator
// hid is shown to its author alone, who sees why on it.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/client';
import { posts as postsApi } from '../api/endpoints';
import { kReactionKinds, type Post, type ReactionKind } from '../api/types';
import { Link, navigate } from '../state/router';
import { useMe } from '../state/session';
import { useUnits } from '../state/units';
import { Alert } from './Alert';
import { Avatar } from './Avatar';
import { audienceLabel, BodyField, bodyLength, kBodyMax } from './Composer';
import { copyText } from './copyText';
import { RelativeTime } from './DateTime';
import { Icon } from './Icon';
import { topicHref } from './markdown';
import { PostBody } from './PostBody';
import { ReasonDialog } from './ReasonDialog';
import { ReshareDialog } from './ReshareDialog';

const kReactionLabels: Record<ReactionKind, string> = {
  like: 'Like',
  celebrate: 'Celebrate',
  insightful: 'Insightful',
  support: 'Support',
};

export function postHref(post: Pick<Post, 'id' | 'root_id' | 'reply_to'>): string {
  if (post.reply_to && post.root_id && post.root_id !== post.id) {
    return `/posts/${encodeURIComponent(post.root_id)}#post-${encodeURIComponent(post.id)}`;
  }
  return `/posts/${encodeURIComponent(post.id)}`;
}

function personHref(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The number of replies beside "Reply": the digits shown, the words for screen readers. */
function ReplyCount({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      <span class="reaction__count" aria-hidden="true">
        {count}
      </span>
      <span class="visually-hidden">, {plural(count, 'reply', 'replies')}</span>
    </>
  );
}

function Byline({ post, compact = false, showRecord = true }: { post: Post; compact?: boolean; showRecord?: boolean }) {
  const { byId } = useUnits();
  const unit = post.author.unit_id ? byId.get(post.author.unit_id) : undefined;
  return (
    <header class="post__byline">
      <Avatar id={post.author.id} name={post.author.name} src={post.author.avatar_url} size={compact ? 'sm' : 'md'} />
      <div class="post__who">
        <p class="post__author">
          <Link href={personHref(post.author.id)}>{post.author.name}</Link>{' '}
          <span class="handle">@{post.author.handle}</span>
        </p>
        <p class="post__meta">
          <Link href={postHref(post)}>
            <span class="visually-hidden">Posted </span>
            <RelativeTime value={post.created_at} past />
            <span class="visually-hidden">, open the post</span>
          </Link>
          {!compact && unit && <span> · {unit.name}</span>}
          <span>
            {' '}
            ·{' '}
            {post.audience === 'space' && post.space_id ? (
              <Link href={`/spaces/${encodeURIComponent(post.space_id)}`}>{audienceLabel(post.audience)}</Link>
            ) : (
              audienceLabel(post.audience)
            )}
          </span>
          {showRecord && post.record_id && (
            <span>
              {' '}
              · <Link href={`/records/${encodeURIComponent(post.record_id)}`}>On a record</Link>
            </span>
          )}
          {post.edited_at && (
            <span>
              {' '}
              · <span title={`Edited ${new Date(post.edited_at).toLocaleString()}`}>edited</span>
            </span>
          )}
        </p>
      </div>
    </header>
  );
}

/** On a post a moderator hid (only its author is shown it): why, and that nobody else sees it. */
function HiddenNotice({ post }: { post: Post }) {
  if (!post.hidden) return null;
  return (
    <div class="post__hidden" data-testid="hidden-notice">
      <p class="post__hidden-reason">
        <strong>Hidden by a moderator:</strong> {post.hidden_reason ?? 'no reason given'}
      </p>
      <p class="post__hidden-note">Only you can see it now.</p>
    </div>
  );
}

function Topics({ topics }: { topics: string[] }) {
  if (topics.length === 0) return null;
  return (
    <ul class="chips chips--small post__topics" aria-label="Topics">
      {topics.map((topic) => (
        <li key={topic}>
          <Link class="chip chip--link" href={topicHref(topic)}>
            #{topic}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The original inside a reshare. */
function Embedded({ post }: { post: Post }) {
  const empty = !post.body.trim();
  return (
    <div class="post-embed">
      <Byline post={post} compact />
      <HiddenNotice post={post} />
      {!empty && <PostBody body={post.body} topics={post.topics} mentionHandles={post.mention_handles} />}
      {empty && post.reshare_of && (
        <p class="muted">
          Reshared a post. <Link href={`/posts/${encodeURIComponent(post.id)}`}>Open the reshare</Link>
        </p>
      )}
      <Topics topics={post.topics} />
    </div>
  );
}

export interface PostCardProps {
  post: Post;
  /** How the card is used: in a feed, as the root of a thread page, or as a reply in a thread. */
  variant?: 'feed' | 'root' | 'reply';
  onChange?: (post: Post) => void;
  onDelete?: (post: Post) => void;
  /** Replies: open a reply box under this reply. */
  onReply?: (post: Post) => void;
  /** After a reshare was posted; default: open it. */
  onReshared?: (post: Post) => void;
  /** Marks a post that just arrived (focus target after "show new posts"). */
  highlight?: boolean;
  /** Level of the card's (visually hidden) heading, to fit the page's outline. */
  headingLevel?: 2 | 3 | 4;
  /** Shown on its record's page: no link to the record. */
  onRecordPage?: boolean;
}

export function PostCard({
  post: initial,
  variant = 'feed',
  onChange,
  onDelete,
  onReply,
  onReshared,
  highlight,
  headingLevel = 2,
  onRecordPage = false,
}: PostCardProps) {
  const [post, setPost] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<ReactionKind | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [editError, setEditError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [resharing, setResharing] = useState(false);
  const [copied, setCopied] = useState(false);
  const [reporting, setReporting] = useState(false);
  /** After a report: what the card says, and the button stays "Reported". */
  const [reported, setReported] = useState<{ kind: 'success' | 'info'; text: string } | null>(null);
  const me = useMe();
  const editButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();

  useEffect(() => setPost(initial), [initial]);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 4000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copyLink = async () => {
    const url = new URL(postHref(post), window.location.origin).href;
    setError(null);
    if (await copyText(url, null)) setCopied(true);
    else setError(`The link could not be copied. It is ${url}`);
  };

  const update = (next: Post) => {
    setPost(next);
    onChange?.(next);
  };

  const toggleReaction = async (kind: ReactionKind) => {
    if (pending) return;
    const had = post.my_reactions.includes(kind);
    const before = post;
    const optimistic: Post = {
      ...post,
      reactions: { ...post.reactions, [kind]: Math.max(0, (post.reactions[kind] ?? 0) + (had ? -1 : 1)) },
      my_reactions: had ? post.my_reactions.filter((k) => k !== kind) : [...post.my_reactions, kind],
    };
    setError(null);
    setPending(kind);
    update(optimistic);
    try {
      if (had) await postsApi.unreact(post.id, kind);
      else await postsApi.react(post.id, kind);
    } catch (e) {
      update(before);
      setError(describeError(e));
    } finally {
      setPending(null);
    }
  };

  const startEdit = () => {
    setDraft(post.body);
    setEditError(undefined);
    setEditing(true);
  };

  const saveEdit = async (event?: Event) => {
    event?.preventDefault();
    const length = bodyLength(draft);
    if (length === 0) {
      setEditError('The post cannot be empty.');
      return;
    }
    if (length > kBodyMax) return;
    setSaving(true);
    setEditError(undefined);
    try {
      const saved = await postsApi.edit(post.id, draft);
      update({ ...saved, reshared: saved.reshared ?? post.reshared });
      setEditing(false);
      requestAnimationFrame(() => editButton.current?.focus());
    } catch (e) {
      setEditError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    setSaving(true);
    setError(null);
    try {
      await postsApi.remove(post.id);
      onDelete?.(post);
    } catch (e) {
      setError(describeError(e));
      setSaving(false);
      setConfirmDelete(false);
    }
  };

  const report = async (reason: string) => {
    try {
      await postsApi.report(post.id, reason);
      setReported({ kind: 'success', text: 'Reported — the moderators will look at it' });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      setReported({ kind: 'info', text: 'You reported this already' });
    }
    setReporting(false);
  };

  const isReshare = Boolean(post.reshare_of);
  const canReport = post.author.id !== me.id;
  // A hidden post stays its author's alone: not passed on.
  const canReshare = post.audience === 'public' && !post.reply_to && !post.hidden;
  const hasComment = post.body.trim().length > 0;
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const label = isReshare ? `Reshare by ${post.author.name}` : `${variant === 'reply' ? 'Reply' : 'Post'} by ${post.author.name}`;

  return (
    <article
      class={`post post--${variant}${highlight ? ' post--new' : ''}`}
      id={`post-${post.id}`}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-post-id={post.id}
    >
      <Heading id={headingId} class="visually-hidden">
        {label}
      </Heading>
      {isReshare && (
        <p class="post__reshare-note">
          <Icon name="reshare" /> {post.author.name} reshared
        </p>
      )}
      <Byline post={post} showRecord={!onRecordPage} />
      <HiddenNotice post={post} />

      {editing ? (
        <form class="post__edit" onSubmit={saveEdit} noValidate>
          <BodyField
            label="Edit post"
            value={draft}
            onValue={setDraft}
            error={editError}
            rows={4}
            onSubmitShortcut={() => void saveEdit()}
            autoFocus
          />
          <div class="form__actions">
            <button type="submit" class="button button--primary button--small" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              class="button button--ghost button--small"
              onClick={() => {
                setEditing(false);
                requestAnimationFrame(() => editButton.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        hasComment && <PostBody body={post.body} topics={post.topics} mentionHandles={post.mention_handles} />
      )}

      {isReshare &&
        (post.reshared ? (
          <Embedded post={post.reshared} />
        ) : (
          <p class="post-embed post-embed--missing muted">The original post is not available.</p>
        ))}

      {!editing && <Topics topics={post.topics} />}

      {error && <Alert>{error}</Alert>}
      {reported && (
        <Alert kind={reported.kind}>
          <span data-testid="report-outcome">{reported.text}</span>
        </Alert>
      )}

      <footer class="post__actions">
        <div class="reactions" role="group" aria-label="Reactions">
          {kReactionKinds.map((kind) => {
            const mine = post.my_reactions.includes(kind);
            const count = post.reactions[kind] ?? 0;
            return (
              <button
                key={kind}
                type="button"
                class={`post-action reaction${mine ? ' reaction--on' : ''}`}
                aria-pressed={mine}
                disabled={pending === kind}
                onClick={() => void toggleReaction(kind)}
                data-reaction={kind}
              >
                <Icon name={kind} />
                <span class="reaction__label">{kReactionLabels[kind]}</span>
                <span class="reaction__count">{count}</span>
              </button>
            );
          })}
        </div>
        <div class="post__links">
          {onReply ? (
            <button type="button" class="post-action" data-action="reply" onClick={() => onReply(post)}>
              <Icon name="reply" />
              Reply<span class="visually-hidden"> to {post.author.name}</span>
              <ReplyCount count={post.reply_count} />
            </button>
          ) : (
            <Link class="post-action" data-action="reply" href={postHref(post)}>
              <Icon name="reply" />
              Reply
              <ReplyCount count={post.reply_count} />
            </Link>
          )}
          {canReshare && (
            // Once reshared, the button stays focusable (aria-disabled) so that focus returning
            // from the dialog lands on it; its name is its visible text.
            <button
              type="button"
              class={`post-action${post.reshared_by_me ? ' post__reshared' : ''}`}
              data-action="reshare"
              aria-disabled={post.reshared_by_me ? 'true' : undefined}
              onClick={() => {
                if (!post.reshared_by_me) setResharing(true);
              }}
              data-reshared={post.reshared_by_me ? '' : undefined}
            >
              <Icon name={post.reshared_by_me ? 'check' : 'reshare'} />
              {post.reshared_by_me ? 'Reshared' : 'Reshare'}
              {post.reshare_count > 0 && <span class="reaction__count">{post.reshare_count}</span>}
            </button>
          )}
          <button type="button" class="post-action" data-action="copy-link" onClick={() => void copyLink()}>
            <Icon name={copied ? 'check' : 'link'} />
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          {(post.reshare_count > 0 || isReshare) && (
            <Link class="post-action" data-action="cascade" href={`/posts/${encodeURIComponent(post.id)}/cascade`}>
              Cascade
            </Link>
          )}
          {post.can_edit && !editing && (
            <>
              <button type="button" class="post-action" data-action="edit" onClick={startEdit} ref={editButton}>
                Edit
              </button>
              <button
                type="button"
                class="post-action post__delete"
                data-action="delete"
                onClick={() => setConfirmDelete(true)}
                aria-expanded={confirmDelete}
              >
                Delete
              </button>
            </>
          )}
          {canReport && (
            // Once reported, the button stays focusable (aria-disabled), so that focus returning
            // from the dialog lands on it.
            <button
              type="button"
              class={`post-action post__report${reported ? ' post__reported' : ''}`}
              data-action="report"
              aria-disabled={reported ? 'true' : undefined}
              aria-haspopup="dialog"
              onClick={() => {
                if (!reported) setReporting(true);
              }}
            >
              {reported ? <Icon name="check" /> : <Icon name="flag" />}
              {reported ? 'Reported' : 'Report'}
              <span class="visually-hidden"> {variant === 'reply' ? 'this reply' : 'this post'}</span>
            </button>
          )}
        </div>
        <p class="visually-hidden" role="status">
          {copied ? 'Link to the post copied.' : ''}
        </p>
      </footer>
      {confirmDelete && (
        <div class="post__confirm" role="group" aria-label="Confirm deletion">
          <p>{post.reply_to ? 'Delete this reply?' : 'Delete this post and its replies?'} This cannot be undone.</p>
          <div class="form__actions">
            <button type="button" class="button button--danger button--small" onClick={remove} disabled={saving}>
              Yes, delete
            </button>
            <button type="button" class="button button--ghost button--small" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {reporting && (
        <ReasonDialog
          title={`Report ${post.author.name}’s ${post.reply_to ? 'reply' : 'post'}`}
          label="Why should the moderators look at it?"
          hint="The moderators see your name and your reason."
          submitLabel="Send report"
          busyLabel="Sending…"
          onSubmit={report}
          onClose={() => setReporting(false)}
        >
          {hasComment && (
            <div class="post-embed dialog__quote">
              <PostBody body={post.body} topics={post.topics} mentionHandles={post.mention_handles} />
            </div>
          )}
        </ReasonDialog>
      )}
      {resharing && (
        <ReshareDialog
          post={post}
          onClose={() => setResharing(false)}
          onAlreadyReshared={(message) => {
            setResharing(false);
            setError(message);
            update({ ...post, reshared_by_me: true });
          }}
          onReshared={(created) => {
            setResharing(false);
            update({ ...post, reshare_count: post.reshare_count + 1, reshared_by_me: true });
            if (onReshared) onReshared(created);
            else navigate(`/posts/${encodeURIComponent(created.id)}`);
          }}
        />
      )}
    </article>
  );
}
