// Notifications: newest first, unread ones marked, each can be marked read (opening one does it
// too), or all at once. New ones arriving on the stream are put at the top. Posts on and changes
// of records I follow link to the post or the record; a disabled webhook (admins) to the webhook;
// being suggested as someone who may help to the problem, where one may answer "Not me".

import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import { notifications as notificationsApi } from '../api/endpoints';
import type { AppNotification } from '../api/types';
import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { DateTime } from '../components/DateTime';
import { LoadMore } from '../components/LoadMore';
import { adjustUnread, onNotification, refreshUnread, useStreamStatus, useUnreadCount } from '../state/realtime';
import { Link } from '../state/router';

const kSentences: Record<string, string> = {
  mention: 'mentioned you',
  reply: 'replied',
  reaction: 'reacted to your post',
  follow: 'followed you',
  reshare: 'reshared your post',
  solution: 'proposed a solution to your problem',
  accepted: 'accepted your solution',
  stage: 'moved an idea to a new stage',
  proposal_opened: 'opened a proposal',
  stance: 'took a stance on your proposal',
  proposal_closed: 'closed a proposal',
  join_request: 'asked to join a space',
  space_added: 'added you to a space',
  comment: 'commented on an idea',
  expert_suggested: 'asked about a problem you may be able to help with',
  record_post: 'posted on a record you follow',
  record_changed: 'updated a record you follow',
};

/** Sentences for notifications without a person behind them (a record sent by another system, a webhook). */
const kActorless: Record<string, string> = {
  record_changed: 'A record you follow was updated',
  record_post: 'There is a new post on a record you follow',
  webhook_disabled: 'A webhook stopped delivering and was disabled',
};

const recordHref = (id: string) => `/records/${encodeURIComponent(id)}`;

function subjectHref(notification: AppNotification): string | null {
  if (notification.kind === 'record_changed' && notification.record_id) return recordHref(notification.record_id);
  const postId = notification.post_id ?? (notification.subject_type === 'post' ? notification.subject_id : null);
  if (postId) return `/posts/${encodeURIComponent(postId)}`;
  const subject = encodeURIComponent(notification.subject_id);
  switch (notification.subject_type) {
    case 'person':
      return `/people/${subject}`;
    case 'problem':
      // Asked to help: the problem's page says why, and offers "Not me".
      return notification.kind === 'expert_suggested' ? `/problems/${subject}?suggested=1` : `/problems/${subject}`;
    case 'idea':
      return `/ideas/${subject}`;
    case 'proposal':
      return `/proposals/${subject}`;
    case 'record':
      return `/records/${subject}`;
    case 'webhook':
      return `/admin/webhooks/${subject}`;
    case 'space':
      // A join request is answered on the members tab.
      return notification.kind === 'join_request' ? `/spaces/${subject}?tab=members` : `/spaces/${subject}`;
    default:
      return null;
  }
}

function describe(notification: AppNotification): string {
  const what = kSentences[notification.kind] ?? notification.kind.replace(/_/g, ' ');
  if (notification.kind === 'mention' && notification.subject_type === 'post') return 'mentioned you in a post';
  if (notification.kind === 'reply') return 'replied in your conversation';
  return what;
}

export function Notifications() {
  const [items, setItems] = useState<AppNotification[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const unread = useUnreadCount();
  const streamStatus = useStreamStatus();
  const previousStatus = useRef(streamStatus);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    notificationsApi
      .list({ unread: unreadOnly, limit: 30 }, controller.signal)
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
    refreshUnread();
    return () => controller.abort();
  }, [unreadOnly]);

  // A notification made after the list was fetched but before the stream was open reaches
  // neither: when the stream becomes live (after a page load or a reconnect), fetch the newest
  // page again and merge it in.
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = streamStatus;
    if (streamStatus !== 'live' || was === 'live') return;
    const controller = new AbortController();
    notificationsApi
      .list({ unread: unreadOnly, limit: 30 }, controller.signal)
      .then((page) => {
        setItems((previous) => {
          const fresh = new Map(page.items.map((n) => [n.id, n]));
          const merged = [...page.items, ...previous.filter((n) => !fresh.has(n.id))];
          merged.sort((a, b) => Number(b.id) - Number(a.id) || (a.created_at < b.created_at ? 1 : -1));
          return merged;
        });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [streamStatus]);

  useEffect(
    () =>
      onNotification((notification) => {
        setItems((previous) => {
          if (previous.some((n) => n.id === notification.id)) return previous;
          // Resumed messages may be older than what is listed: keep newest first.
          const next = [notification, ...previous];
          next.sort((a, b) => Number(b.id) - Number(a.id) || (a.created_at < b.created_at ? 1 : -1));
          return next;
        });
      }),
    [],
  );

  const loadMore = () => {
    if (!cursor || loading) return;
    setLoading(true);
    notificationsApi
      .list({ unread: unreadOnly, cursor, limit: 30 })
      .then((page) => {
        setItems((previous) => {
          const seen = new Set(previous.map((n) => n.id));
          return [...previous, ...page.items.filter((n) => !seen.has(n.id))];
        });
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        setError(describeError(e));
        setLoading(false);
      });
  };

  const markRead = async (notification: AppNotification) => {
    if (notification.read) return;
    setError(null);
    setItems((previous) => previous.map((n) => (n.id === notification.id ? { ...n, read: true } : n)));
    try {
      await notificationsApi.markRead([notification.id]);
      adjustUnread(-1);
    } catch (e) {
      setItems((previous) => previous.map((n) => (n.id === notification.id ? { ...n, read: false } : n)));
      setError(describeError(e));
    }
  };

  const markAll = async () => {
    setBusy(true);
    setError(null);
    try {
      await notificationsApi.markAllRead();
      setItems((previous) => previous.map((n) => ({ ...n, read: true })));
      adjustUnread(-(unread ?? 0));
      setNotice('All notifications marked as read.');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const hasUnread = (unread ?? 0) > 0 || items.some((n) => !n.read);

  return (
    <section class="page page--feed">
      <header class="page__header">
        <h1>Notifications</h1>
        <button type="button" class="button button--secondary button--small" onClick={markAll} disabled={busy || !hasUnread}>
          Mark all as read
        </button>
      </header>
      <div class="notifications__filters">
        <label class="checkbox">
          <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.currentTarget.checked)} />
          <span>Unread only</span>
        </label>
      </div>
      {error && <Alert>{error}</Alert>}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {loading && items.length === 0 && (
        <p class="muted" role="status">
          Loading notifications…
        </p>
      )}
      {!loading && !error && items.length === 0 && (
        <p class="muted">{unreadOnly ? 'No unread notifications.' : 'No notifications yet.'}</p>
      )}
      <ul class="notification-list" aria-label="Notifications">
        {items.map((notification) => {
          const href = subjectHref(notification);
          const actor = notification.actor;
          const text =
            !actor && kActorless[notification.kind]
              ? kActorless[notification.kind]!
              : `${actor?.name ?? 'Someone'} ${describe(notification)}`;
          // A post on a record links to the post; the record is one more link away.
          const recordLink = notification.kind === 'record_post' && notification.record_id ? recordHref(notification.record_id) : null;
          return (
            <li
              key={notification.id}
              class={`notification${notification.read ? '' : ' notification--unread'}`}
              data-notification-id={notification.id}
              data-kind={notification.kind}
            >
              {actor ? <Avatar id={actor.id} name={actor.name} size="sm" /> : <span class="avatar avatar--sm" aria-hidden="true" />}
              <div class="notification__main">
                <p class="notification__text">
                  {!notification.read && <span class="visually-hidden">Unread: </span>}
                  {href ? (
                    <Link href={href} onClick={() => void markRead(notification)}>
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </p>
                <p class="notification__time muted">
                  <DateTime value={notification.created_at} />
                  {recordLink && (
                    <>
                      {' · '}
                      <Link href={recordLink} onClick={() => void markRead(notification)}>
                        Open the record
                      </Link>
                    </>
                  )}
                </p>
              </div>
              {!notification.read && (
                <button
                  type="button"
                  class="button button--ghost button--small"
                  onClick={() => void markRead(notification)}
                  aria-label={`Mark as read: ${text}`}
                >
                  Mark read
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={Boolean(cursor)} loading={loading} onLoad={loadMore} auto label="Older notifications" />
    </section>
  );
}
