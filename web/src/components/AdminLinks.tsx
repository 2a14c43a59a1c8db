// The links between the administrators' pages, shown in each one's header.

import { Link, useLocation } from '../state/router';

const kPages = [
  { href: '/admin/people', label: 'Manage people' },
  { href: '/admin/system', label: 'System status' },
  { href: '/admin/integrations', label: 'Integrations' },
  { href: '/admin/sign-in', label: 'Single sign-on' },
  { href: '/admin/group-rules', label: 'Group rules' },
  { href: '/admin/expertise', label: 'Suggestion accuracy' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/mail', label: 'E-mail' },
];

export function AdminLinks() {
  const { path } = useLocation();
  const current = path === '/admin' ? '/admin/people' : path;
  return (
    <nav class="page__links" aria-label="Administration pages">
      {kPages.map((page) => (
        <Link key={page.href} href={page.href} aria-current={current === page.href ? 'page' : undefined}>
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
