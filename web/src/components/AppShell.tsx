// The signed-in frame: brand, navigation (collapsing behind a Menu button on narrow screens),
// the signed-in person, their API tokens and sign out, and the <main> landmark the views render into.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Link, navigate, useLocation } from '../state/router';
import { useMe, useSession } from '../state/session';
import { forgetUnits } from '../state/units';
import { Avatar } from './Avatar';

interface NavItem {
  href: string;
  label: string;
  /** Path prefixes that mark this item as the current page. */
  match: string[];
}

export function AppShell({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => setOpen(false), [path]);

  // Escape closes the collapsed menu and returns focus to its button.
  useEffect(() => {
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
    { href: '/people', label: 'People', match: ['/people'] },
    { href: '/units', label: 'Units', match: ['/units'] },
  ];
  if (me.role === 'admin') items.push({ href: '/admin/people', label: 'Admin', match: ['/admin'] });

  const isCurrent = (item: NavItem) =>
    path !== myProfile && item.match.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  const handleSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      forgetUnits();
      navigate('/signin', { replace: true });
    }
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar__inner">
          <Link class="brand" href="/people">
            <span class="brand__mark" aria-hidden="true" />
            Weft
          </Link>
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
                <Avatar id={me.id} name={me.name} size="sm" />
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
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
