// Notifications, grouped: one line per kind and subject ("Bea Larsen, Amara Osei and 12 others
// reacted to your post"), with the post's first words or the item's title, the space, and how long
// ago. Unread lines come first, in sections: work (solutions, decisions, ideas…), then
// conversations (mentions, replies), then reactions (and reshares, follows); what was read follows.
// Opening a line, or "Mark read", marks every notification in it read; "Mark all as read" does all.
// A notification arriving on the stream fetches the groups again. A report of a post goes to its
// moderators and opens the moderation page; its author is told, without the moderator's name, that
// it was hidden (the post then says why) or restored.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import { notifications as notificationsApi } from '../api/endpoints';
import type { NotificationGroup, NotificationPriority, PersonSummary } from '../api/types';
import { Avatar } from '../components/Avatar';
import { RelativeTime } from '../components/DateTime';
import { LoadError, Skeleton } from '../components/LoadState';
import { adjustUnread, onNotification, refreshUnread, useStreamStatus, useUnreadCount } from '../state/realtime';
import { Link } from '../state/router';

const kLimit = 100;

/** What the people did: with the subject's title (%t), and without one. */
const kSentences: Record<string, [string, string]> = {
  mention: ['mentioned you in %t', 'mentioned you in a post'],
  reply: ['replied in %t', 'replied in your conversation'],
  reaction: ['reacted to %t', 'reacted to your post'],
  reshare: ['reshared %t', 'reshared your post'],
  follow: ['followed you', 'followed you'],
  solution: ['proposed a solution to %t', 'proposed a solution to your problem'],
  accepted: ['accepted your solution to %t', 'accepted your solution'],
  stage: ['moved the idea %t to a new stage', 'moved an idea to a new stage'],
  comment: ['commented on your idea %t', 'commented on an idea'],
  stance: ['took a stance on your proposal %t', 'took a stance on your proposal'],
  proposal_opened: ['opened the proposal %t', 'opened a proposal'],
  proposal_closed: ['closed the proposal %t', 'closed a proposal'],
  expert_suggested: [
    'asked about a problem you may be able to help with: %t',
    'asked about a problem you may be able to help with',
  ],
  space_added: ['added you to %t', 'added you to a space'],
  join_request: ['asked to join %t', 'asked to join a space'],
  record_post: ['posted on a record you follow', 'posted on a record you follow'],
  record_changed: ['updated %t, a record you follow', 'updated a record you follow'],
  page_edited: ['edited the page %t', 'edited a page you watch'],
  page_comment: ['commented on the page %t', 'commented on a page you watch'],
  post_reported: ['reported a post you moderate', 'reported a post you moderate'],
};

/** Several of one kind on one subject, where the sentence changes with the number. */
const kPlural: Record<string, [string, string]> = {
  solution: ['proposed solutions to %t', 'proposed solutions to your problem'],
  comment: ['commented on your idea %t', 'commented on an idea'],
};

/** Sentences for notifications without a person behind them (a record sent by another system, a webhook). */
const kActorless: Record<string, [string, string]> = {
  record_changed: ['A record you follow was updated: %t', 'A record you follow was updated'],
  record_post: ['There is a new post on a record you follow', 'There is a new post on a record you follow'],
  webhook_disabled: ['A webhook stopped delivering and was disabled', 'A webhook stopped delivering and was disabled'],
  post_hidden: ['A moderator hid your post', 'A moderator hid your post'],
  post_restored: ['A moderator restored your post', 'A moderator restored your post'],
};

/** Moderators act for the organization: the author is told what was done, not by whom. */
const kModeratorActs = new Set(['post_hidden', 'post_restored']);

const kSections: { key: NotificationPriority | 'read'; title: string; note: string }[] = [
  { key: 'work', title: 'Work', note: 'Solutions, decisions, ideas and spaces' },
  { key: 'conversation', title: 'Conversations', note: 'Mentions and replies' },
  { key: 'social', title: 'Reactions', note: 'Reactions, reshares and follows' },
  { key: 'read', title: 'Earlier', note: 'Already read' },
];

type Section = (typeof kSections)[number]['key'];

/** A group as listed: its section is fixed when fetched, so a line read here does not jump away. */
interface Line extends NotificationGroup {
  section: Section;
}

const kTitled = new Set(['problem', 'idea', 'proposal', 'record', 'page']);

/** The subject's name for the sentence: an item's title or a space's name (a post's words go below it). */
function subjectTitle(group: NotificationGroup): string | null {
  if (kTitled.has(group.subject_type) && group.excerpt) return group.excerpt;
  if (group.subject_type === 'space' && group.space_name) return group.space_name;
  return null;
}

function subjectHref(group: NotificationGroup): string | null {
  // Reports are read and answered in the moderation queue.
  if (group.kind === 'post_reported') return '/moderation';
  if (group.post_id) return `/posts/${encodeURIComponent(group.post_id)}`;
  const subject = encodeURIComponent(group.subject_id);
  switch (group.subject_type) {
    case 'person':
      return `/people/${subject}`;
    case 'problem':
      // Asked to help: the problem's page says why, and offers "Not me".
      return group.kind === 'expert_suggested' ? `/problems/${subject}?suggested=1` : `/problems/${subject}`;
    case 'idea':
      return `/ideas/${subject}`;
    case 'proposal':
      return `/proposals/${subject}`;
    case 'record':
      return `/records/${subject}`;
    case 'page':
      return `/pages/${subject}`;
    case 'webhook':
      return `/admin/webhooks/${subject}`;
    case 'space':
      // A join request is answered on the members tab.
      return group.kind === 'join_request' ? `/spaces/${subject}?tab=members` : `/spaces/${subject}`;
    default:
      return null;
  }
}

/** A sentence as pieces: plain words, people's names (strong) and the subject's title (em). */
type Piece = { text: string; as?: 'strong' | 'em' };

/** "Bea", "Bea and Amara", "Bea, Amara and Cy", or "Bea, Amara and 12 others". */
function namePieces(actors: PersonSummary[], actorCount: number): Piece[] {
  const total = Math.max(actorCount, actors.length);
  const shown = total <= 3 ? actors.slice(0, total) : actors.slice(0, 2);
  const others = total - shown.length;
  const pieces: Piece[] = [];
  shown.forEach((actor, i) => {
    if (i > 0) pieces.push({ text: i === shown.length - 1 && others === 0 ? ' and ' : ', ' });
    pieces.push({ text: actor.name, as: 'strong' });
  });
  if (others > 0) pieces.push({ text: ` and ${others} ${others === 1 ? 'other' : 'others'}` });
  return pieces;
}

function sentence(group: NotificationGroup): Piece[] {
  const title = subjectTitle(group);
  const actorless = (group.actors.length === 0 || kModeratorActs.has(group.kind)) && kActorless[group.kind];
  const forms = actorless
    ? kActorless[group.kind]!
    : ((group.count > 1 ? kPlural[group.kind] : undefined) ??
      kSentences[group.kind] ?? [group.kind.replace(/_/g, ' '), group.kind.replace(/_/g, ' ')]);
  const template = title ? forms[0] : forms[1];
  const pieces: Piece[] = actorless
    ? []
    : group.actors.length > 0
      ? [...namePieces(group.actors, group.actor_count), { text: ' ' }]
      : [{ text: 'Someone ' }];
  const [before, after] = template.split('%t') as [string, string | undefined];
  pieces.push({ text: before });
  if (after !== undefined && title) {
    pieces.push({ text: title, as: 'em' }, { text: after });
  }
  return pieces.filter((piece) => piece.text !== '');
}

const plain = (pieces: Piece[]) => pieces.map((piece) => piece.text).join('');

function Sentence({ pieces }: { pieces: Piece[] }) {
  return (
    <>
      {pieces.map((piece, i) =>
        piece.as === 'strong' ? (
          <strong key={i}>{piece.text}</strong>
        ) : piece.as === 'em' ? (
          <em key={i}>{piece.text}</em>
        ) : (
          piece.text
        ),
      )}
    </>
  );
}

function sectioned(groups: NotificationGroup[]): Line[] {
  return groups.map((group) => ({ ...group, section: group.unread > 0 ? group.priority : 'read' }));
}

function NotificationLine({ line, onRead }: { line: Line; onRead: (line: Line) => void }) {
  const pieces = sentence(line);
  const text = plain(pieces);
  const href = subjectHref(line);
  const unread = line.unread > 0;
  // A post's first words, quoted under the sentence (an item's title is in the sentence already).
  const quote = line.post_id && line.excerpt ? line.excerpt : null;
  const space = line.space_id && line.space_name && line.subject_type !== 'space' ? line.space_name : null;
  return (
    <li
      class={`notification${unread ? ' notification--unread' : ''}`}
      data-kind={line.kind}
      data-priority={line.priority}
      data-subject-id={line.subject_id}
      data-count={line.count}
      data-unread={line.unread}
    >
      <span class="notification__people" aria-hidden="true">
        {line.actors.length > 0 && !kModeratorActs.has(line.kind) ? (
          line.actors.map((actor) => <Avatar key={actor.id} id={actor.id} name={actor.name} src={actor.avatar_url} size="sm" />)
        ) : (
          <span class="avatar avatar--sm" />
        )}
      </span>
      <div class="notification__main">
        <p class="notification__text">
          {unread && <span class="visually-hidden">Unread: </span>}
          {href ? (
            <Link class="notification__link" href={href} onClick={() => onRead(line)}>
              <Sentence pieces={pieces} />
            </Link>
          ) : (
            <Sentence pieces={pieces} />
          )}
        </p>
        {quote && <p class="notification__excerpt muted">“{quote}”</p>}
        <p class="notification__meta muted">
          {space && (
            <>
              <Link class="notification__space" href={`/spaces/${encodeURIComponent(line.space_id!)}`} onClick={() => onRead(line)}>
                {space}
              </Link>
              {' · '}
            </>
          )}
          <RelativeTime value={line.latest_at} />
          {line.count > 1 && ` · ${line.count} notifications`}
        </p>
      </div>
      {unread && (
        <>
          <span class="notification__dot" data-testid="unread-marker" title={`${line.unread} unread`} aria-hidden="true" />
          <button
            type="button"
            class="button button--ghost button--small"
            onClick={() => onRead(line)}
            aria-label={`Mark read: ${text}`}
          >
            Mark read
          </button>
        </>
      )}
    </li>
  );
}

export function Notifications() {
  const [lines, setLines] = useState<Line[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const unread = useUnreadCount();
  const streamStatus = useStreamStatus();
  const previousStatus = useRef(streamStatus);
  const pending = useRef<AbortController | null>(null);

  /** Fetch the groups (again): the newest state replaces what is listed. */
  const load = useCallback((initial: boolean) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    if (initial) {
      setLoading(true);
      setError(null);
    }
    notificationsApi
      .groups({ unread: unreadOnly, limit: kLimit }, controller.signal)
      .then((list) => {
        setLines(sectioned(list.items));
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (initial) setError(describeError(e));
        setLoading(false);
      });
  }, [unreadOnly]);

  useEffect(() => {
    load(true);
    refreshUnread();
    return () => pending.current?.abort();
  }, [load]);

  // A notification made after the list was fetched but before the stream was open reaches
  // neither: when the stream becomes live (after a page load or a reconnect), fetch again.
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = streamStatus;
    if (streamStatus !== 'live' || was === 'live') return;
    load(false);
  }, [streamStatus]);

  // New notifications on the stream: fetch the groups again, once for a burst of them.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onNotification(() => {
      clearTimeout(timer);
      timer = setTimeout(() => load(false), 250);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [load]);

  const markRead = async (line: Line) => {
    if (line.unread === 0) return;
    const same = (other: Line) => other.kind === line.kind && other.subject_type === line.subject_type && other.subject_id === line.subject_id;
    setError(null);
    setLines((previous) => previous.map((other) => (same(other) ? { ...other, unread: 0 } : other)));
    try {
      await notificationsApi.markRead(line.ids);
      adjustUnread(-line.unread);
    } catch (e) {
      setLines((previous) => previous.map((other) => (same(other) ? { ...other, unread: line.unread } : other)));
      setError(describeError(e));
    }
  };

  const markAll = async () => {
    setBusy(true);
    setError(null);
    try {
      await notificationsApi.markAllRead();
      setLines((previous) => previous.map((line) => ({ ...line, unread: 0 })));
      adjustUnread(-(unread ?? 0));
      setNotice('All notifications marked as read.');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const hasUnread = (unread ?? 0) > 0 || lines.some((line) => line.unread > 0);

  return (
    <section class="page page--feed">
      <header class="page__header">
        <h1>Notifications</h1>
        <div class="notifications__actions">
          <Link class="button button--ghost button--small" href="/settings/notifications">
            E-mail settings
          </Link>
          <button type="button" class="button button--secondary button--small" onClick={markAll} disabled={busy || !hasUnread}>
            Mark all as read
          </button>
        </div>
      </header>
      <div class="notifications__filters">
        <label class="checkbox">
          <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.currentTarget.checked)} />
          <span>Unread only</span>
        </label>
      </div>
      {error && <LoadError error={error} onRetry={() => load(true)} what="Notifications" />}
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {loading && lines.length === 0 && !error && <Skeleton label="Loading notifications…" />}
      {!loading && !error && lines.length === 0 && (
        <p class="muted">
          {unreadOnly
            ? 'No unread notifications. Untick “Unread only” to see the earlier ones.'
            : 'No notifications yet. They come when people answer your posts, problems and ideas, or ask for your help.'}
        </p>
      )}
      {kSections.map((section) => {
        const here = lines.filter((line) => line.section === section.key);
        if (here.length === 0) return null;
        const headingId = `notifications-${section.key}`;
        const unreadHere = here.reduce((sum, line) => sum + line.unread, 0);
        return (
          <section key={section.key} class="notification-section" data-section={section.key} aria-labelledby={headingId}>
            <h2 class="notification-section__title" id={headingId}>
              <span class={`priority-badge priority-badge--${section.key}`}>{section.title}</span>
              <span class="notification-section__note muted">{section.note}</span>
              {section.key !== 'read' && unreadHere > 0 && (
                <span class="notification-section__count muted">{unreadHere} unread</span>
              )}
            </h2>
            <ul class="notification-list" aria-label={section.title}>
              {here.map((line) => (
                <NotificationLine key={`${line.kind}:${line.subject_type}:${line.subject_id}`} line={line} onRead={(l) => void markRead(l)} />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
