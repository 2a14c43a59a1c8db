// The signed-in frame: brand, navigation (collapsing behind a Menu button on narrow screens),
// the notifications link with its unread badge (always visible), the signed-in person, their API
// tokens and sign out, and the <main> landmark the views render into. It also keeps the realtime
// stream open while someone is signed in. Moderation is in the navigation for those who moderate:
// administrators, and the owners of a space (asked once per sign-in from their spaces).

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/client';
import { spaces as spacesApi } from '../api/endpoints';
import { startRealtime, stopRealtime, useStreamStatus, useUnreadCount } from '../state/realtime';
import { Link, navigate, useLocation } from '../state/router';
import { useMe, useSession } from '../state/session';
import { useOnline } from '../state/offline';
import { Avatar } from './Avatar';

interface NavItem {
  href: string;
  label: string;
  /** Path prefixes that mark this item as the current page. */
  match: string[];
}

/** The bell in the top bar: unread count as a badge, announced politely when it grows. */
function NotificationsLink({ current }: { current: boolean }) {
  const count = useUnreadCount();
  const stream = useStreamStatus();
  const previous = useRef<number | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (count !== null && previous.current !== null && count > previous.current) {
      setAnnouncement(count === 1 ? '1 unread notification' : `${count} unread notifications`);
    }
    previous.current = count;
  }, [count]);

  const unread = count ?? 0;
  // The name says what the link shows ("Notifications", then the badge's "3" or "99+"), so a
  // person who reads the screen can say it to voice control (WCAG 2.5.3).
  const badge = unread > 99 ? '99+' : String(unread);
  return (
    <>
      <Link
        class="notify-link"
        href="/notifications"
        aria-current={current ? 'page' : undefined}
        aria-label={unread > 0 ? `Notifications, ${badge} unread` : 'Notifications'}
      >
        <svg class="notify-link__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        <span class="notify-link__text">Notifications</span>{' '}
        <span class="notify-badge" data-unread={unread} data-stream={stream} hidden={unread === 0} aria-hidden="true">
          {badge}
        </span>
      </Link>
      <span class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}

/** Whether this person owns a space (they moderate its posts); null: not asked (administrators moderate anyway). */
function useOwnsSpace(personId: string | null): boolean {
  const [owns, setOwns] = useState(false);
  useEffect(() => {
    setOwns(false);
    if (!personId) return;
    const controller = new AbortController();
    spacesApi.list({ mine: true, limit: 100 }, controller.signal).then(
      (page) => setOwns(page.items.some((space) => space.my_role === 'owner')),
      () => undefined,
    );
    return () => controller.abort();
  }, [personId]);
  return owns;
}

export function AppShell({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const online = useOnline();
  const ownsSpace = useOwnsSpace(me.role === 'admin' ? null : me.id);

  useEffect(() => setOpen(false), [path]);

  // One stream per signed-in shell; it stops when the person signs out.
  useEffect(() => {
    startRealtime();
    return () => stopRealtime();
  }, []);

  // Escape closes the collapsed menu and returns focus to its button. A layout effect: the key is
  // listened for as soon as the open menu is on screen, not a frame later (a quick Escape counts).
  useLayoutEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      document.querySelector<HTMLButtonElement>('.menu-toggle')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const myProfile = `/people/${encodeURIComponent(me.id)}`;
  const items: NavItem[] = [
    { href: '/', label: 'Home', match: ['/', '/posts', '/topics'] },
    { href: '/spaces', label: 'Spaces', match: ['/spaces'] },
    { href: '/problems', label: 'Problems', match: ['/problems'] },
    { href: '/ideas', label: 'Ideas', match: ['/ideas'] },
    { href: '/decisions', label: 'Decisions', match: ['/decisions', '/proposals'] },
    { href: '/records', label: 'Records', match: ['/records'] },
    { href: '/people', label: 'People', match: ['/people'] },
    { href: '/expertise', label: 'Who can help?', match: ['/expertise'] },
    { href: '/units', label: 'Units', match: ['/units'] },
    { href: '/analytics', label: 'Outcomes', match: ['/analytics'] },
    { href: '/search', label: 'Search', match: ['/search'] },
  ];
  if (me.role === 'admin' || ownsSpace) items.push({ href: '/moderation', label: 'Moderation', match: ['/moderation'] });
  if (me.role === 'admin') items.push({ href: '/admin/people', label: 'Admin', match: ['/admin'] });

  const isCurrent = (item: NavItem) =>
    path !== myProfile &&
    item.match.some((prefix) => path === prefix || (prefix !== '/' && path.startsWith(`${prefix}/`)));

  const handleSignOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut();
      navigate('/signin', { replace: true });
    } catch (error) {
      setSignOutError(`Could not sign out: ${describeError(error)} You are still signed in.`);
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar__inner">
          <Link class="brand" href="/">
            <span class="brand__mark" aria-hidden="true" />
            Weft
          </Link>
          <NotificationsLink current={path === '/notifications'} />
          <button
            type="button"
            class="menu-toggle"
            aria-expanded={open}
            aria-controls="primary-nav"
            onClick={() => setOpen((v) => !v)}
          >
            <span class="menu-toggle__icon" aria-hidden="true" />
            Menu
          </button>
          <nav id="primary-nav" class={`nav${open ? ' nav--open' : ''}`} aria-label="Main">
            <ul class="nav__links">
              {items.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={isCurrent(item) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
            <div class="nav__me">
              <Link class="nav__profile" href={myProfile} aria-current={path === myProfile ? 'page' : undefined}>
                <Avatar id={me.id} name={me.name} size="sm" src={me.avatar_url} />
                <span>
                  <span class="visually-hidden">My profile: </span>
                  {me.name}
                </span>
              </Link>
              <Link class="nav__tokens" href="/me/tokens" aria-current={path === '/me/tokens' ? 'page' : undefined}>
                API tokens
              </Link>
              <button type="button" class="button button--ghost button--small" onClick={handleSignOut} disabled={signingOut}>
                Sign out
              </button>
            </div>
          </nav>
        </div>
      </header>
      {signOutError ? (
        <p class="alert alert--error sign-out-error" role="alert">
          {signOutError}
        </p>
      ) : null}
      <div class="offline-banner" role="status">
        {online ? null : <p class="offline-banner__text">You are offline — showing what you last read</p>}
      </div>
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
