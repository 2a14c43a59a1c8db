// The analytics pages' own navigation: Outcomes, Network, Engagement. Each is a page of its own
// (a link, not a tab panel), and the link keeps the period chosen, and the unit where the page
// takes one, so switching pages compares the same stretch of time.

import { Link } from '../state/router';
import type { AnalyticsPage, AnalyticsView } from './analyticsPeriod';
import { analyticsHref } from './analyticsPeriod';

const kPages: ReadonlyArray<{ page: AnalyticsPage; label: string }> = [
  { page: 'outcomes', label: 'Outcomes' },
  { page: 'network', label: 'Network' },
  { page: 'engagement', label: 'Engagement' },
];

export function AnalyticsNav({ current, view }: { current: AnalyticsPage; view: AnalyticsView }) {
  return (
    <nav class="analytics-nav" aria-label="Analytics">
      <ul class="analytics-nav__list">
        {kPages.map(({ page, label }) => (
          <li key={page}>
            <Link
              href={analyticsHref(page, view)}
              class={`analytics-nav__link${page === current ? ' analytics-nav__link--current' : ''}`}
              aria-current={page === current ? 'page' : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
