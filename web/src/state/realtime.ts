// The one WebSocket to GET /api/v1/stream, kept by the signed-in app shell. It reconnects with
// exponential backoff and resumes with ?since=<event id>, so nothing is missed across a drop.
// Posts and notifications each arrive in event-id order, but not in one order together (a
// notification comes from the notifier, after the post of a later event may have): the last id
// is kept per kind, a message at or below its kind's last id is a repeat, and a resume starts
// from the lower of the two (what it sends again of the other kind is dropped as a repeat).
// Views subscribe to "notification" and "post" messages; the unread-notification count lives
// here too, so the nav badge and the notifications page agree.

import { useEffect, useState } from 'preact/hooks';
import { notifications as notificationsApi } from '../api/endpoints';
import type { AppNotification, Post, StreamMessage } from '../api/types';

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

const kBackoffBaseMs = 1_000;
const kBackoffMaxMs = 30_000;

let socket: WebSocket | null = null;
let running = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
/** The last event id seen of each kind; `baseline`: the server's latest id when first greeted. */
const lastSeen: { post: number | null; notification: number | null } = { post: null, notification: null };
let baseline: number | null = null;
let status: StreamStatus = 'idle';
let unread = 0;
let unreadKnown = false;
let unreadRequest = 0;
/** Notification ids already counted, so a resumed message never bumps the badge twice. */
const counted = new Set<string>();

const notificationListeners = new Set<(notification: AppNotification) => void>();
const postListeners = new Set<(post: Post) => void>();
const unreadListeners = new Set<(count: number) => void>();
const statusListeners = new Set<(status: StreamStatus) => void>();

function setStatus(next: StreamStatus): void {
  status = next;
  for (const listener of statusListeners) listener(status);
}

function publishUnread(count: number): void {
  unread = Math.max(0, count);
  unreadKnown = true;
  for (const listener of unreadListeners) listener(unread);
}

/** Asks the server for the authoritative unread count (after connecting and after marking read). */
export function refreshUnread(): void {
  const mine = ++unreadRequest;
  notificationsApi
    .unreadCount()
    .then(({ count }) => {
      if (mine === unreadRequest && running) publishUnread(count);
    })
    .catch(() => undefined);
}

/** Local change after marking notifications read; the server's count follows. */
export function adjustUnread(delta: number): void {
  unreadRequest++;
  publishUnread(unread + delta);
  refreshUnread();
}

function handle(message: StreamMessage): void {
  if (message.type === 'hello') {
    // The server's latest id: lower than ours only when the store was replaced, and then ours are
    // void. It is not taken as ours otherwise: messages of events before it may still be on the way.
    const latest = message.data.last_event_id;
    if ((lastSeen.post ?? 0) > latest || (lastSeen.notification ?? 0) > latest || (baseline ?? 0) > latest) {
      lastSeen.post = null;
      lastSeen.notification = null;
      baseline = latest;
    }
    if (baseline === null) baseline = latest;
    // After a resume: how far the replay went of each kind (a kind with nothing new moves on too).
    const through = message.data.replayed_through;
    if (through && through.post <= latest && through.notification <= latest) {
      lastSeen.post = Math.max(lastSeen.post ?? 0, through.post);
      lastSeen.notification = Math.max(lastSeen.notification ?? 0, through.notification);
    }
    attempt = 0;
    setStatus('live');
    refreshUnread();
    return;
  }
  if (message.type === 'more') {
    // A replay cut short: every kind was sent up to `through`; the close (4000) follows.
    const through = message.data.through;
    lastSeen.post = Math.max(lastSeen.post ?? 0, through);
    lastSeen.notification = Math.max(lastSeen.notification ?? 0, through);
    return;
  }
  if ((message.type === 'post' || message.type === 'notification') && typeof message.id === 'number' && message.id > 0) {
    const last = lastSeen[message.type];
    if (last !== null && message.id <= last) return; // already seen before a reconnect
    lastSeen[message.type] = message.id;
  }
  if (message.type === 'notification') {
    const notification = message.data;
    if (!notification.read && !counted.has(notification.id)) {
      counted.add(notification.id);
      unreadRequest++; // a count fetched before this message would be stale
      publishUnread(unread + 1);
    }
    for (const listener of notificationListeners) listener(notification);
  } else if (message.type === 'post') {
    for (const listener of postListeners) listener(message.data);
  }
}

/** Where a resume starts: the lower of the kinds' last ids (a kind not seen yet: the baseline). */
function resumeFrom(): number | null {
  const marks = [lastSeen.post ?? baseline, lastSeen.notification ?? baseline].filter((m): m is number => m !== null);
  return marks.length ? Math.min(...marks) : null;
}

function streamUrl(): string {
  const url = new URL('/api/v1/stream', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const since = resumeFrom();
  if (since !== null) url.searchParams.set('since', String(since));
  return url.toString();
}

function scheduleReconnect(): void {
  if (!running || retryTimer) return;
  const delay = Math.min(kBackoffMaxMs, kBackoffBaseMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
  attempt = Math.min(attempt + 1, 10);
  setStatus('reconnecting');
  retryTimer = setTimeout(() => {
    retryTimer = null;
    connect();
  }, delay);
}

function connect(): void {
  if (!running) return;
  if (status !== 'reconnecting') setStatus('connecting');
  let ws: WebSocket;
  try {
    ws = new WebSocket(streamUrl());
  } catch {
    scheduleReconnect();
    return;
  }
  socket = ws;
  let greeted = false;
  ws.onmessage = (event) => {
    if (socket !== ws || typeof event.data !== 'string') return;
    greeted = true;
    let message: StreamMessage;
    try {
      message = JSON.parse(event.data) as StreamMessage;
    } catch {
      return;
    }
    handle(message);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    // 1008: the server closed the stream because its credential no longer holds (signed out
    // elsewhere, password changed, deactivated). A stream refused before its first message may be
    // the same. Ask the server once: a 401 signs this tab out at once instead of retrying forever.
    if (event.code === 1008 || !greeted) checkSession();
    // 4000: the resume had more than one replay holds; the rest comes on resuming at once.
    if (event.code === 4000 && running) {
      attempt = 0;
      connect();
      return;
    }
    scheduleReconnect();
  };
  ws.onerror = () => {
    // onclose follows and schedules the retry.
  };
}

/** Any authenticated request: a 401 reaches the session's handler, which shows the sign-in page. */
function checkSession(): void {
  if (!running) return;
  notificationsApi.unreadCount().catch(() => undefined);
}

function onOnline(): void {
  if (!running || socket) return;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  attempt = 0;
  connect();
}

export function startRealtime(): void {
  if (running) return;
  running = true;
  attempt = 0;
  window.addEventListener('online', onOnline);
  refreshUnread();
  connect();
}

export function stopRealtime(): void {
  running = false;
  window.removeEventListener('online', onOnline);
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  const ws = socket;
  socket = null;
  ws?.close();
  lastSeen.post = null;
  lastSeen.notification = null;
  baseline = null;
  counted.clear();
  unreadKnown = false;
  unread = 0;
  setStatus('idle');
}

export function onNotification(listener: (notification: AppNotification) => void): () => void {
  notificationListeners.add(listener);
  return () => notificationListeners.delete(listener);
}

export function onPost(listener: (post: Post) => void): () => void {
  postListeners.add(listener);
  return () => postListeners.delete(listener);
}

/** The unread count, or null until it is known. */
export function useUnreadCount(): number | null {
  const [count, setCount] = useState<number | null>(unreadKnown ? unread : null);
  useEffect(() => {
    const listener = (next: number) => setCount(next);
    unreadListeners.add(listener);
    if (unreadKnown) setCount(unread);
    return () => {
      unreadListeners.delete(listener);
    };
  }, []);
  return count;
}

export function useStreamStatus(): StreamStatus {
  const [current, setCurrent] = useState(status);
  useEffect(() => {
    statusListeners.add(setCurrent);
    setCurrent(status);
    return () => {
      statusListeners.delete(setCurrent);
    };
  }, []);
  return current;
}
