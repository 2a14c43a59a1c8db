// The period of the analytics pages (outcomes, network, engagement), kept in the URL as
// `?period=` so a view can be linked; whose figures the network and engagement pages show
// (`?view=mine`); and the links between those pages, which keep both.

import { rfc3339 } from './CollabForms';

export const kPeriods = [
  { value: '30d', label: 'Last 30 days', days: 30 },
  { value: '90d', label: 'Last 90 days', days: 90 },
  { value: 'year', label: 'Last year', days: 365 },
  { value: 'all', label: 'All time', days: null },
] as const;
export type Period = (typeof kPeriods)[number]['value'];
export const kDefaultPeriod: Period = '30d';

export const kPeriodOptions = kPeriods.map((p) => ({ value: p.value, label: p.label }));

export function periodFrom(value: string | null): Period {
  return kPeriods.some((p) => p.value === value) ? (value as Period) : kDefaultPeriod;
}

/**
 * The start of the period; none for the default (the server's own last 30 days), and for all time
 * a start before Weft could have held anything. Whole minutes, so the same view asked twice in a
 * minute is the same question (the network and engagement figures are cached per question).
 */
export function fromOf(period: Period): string | undefined {
  if (period === kDefaultPeriod) return undefined;
  const days = kPeriods.find((p) => p.value === period)?.days ?? null;
  if (days === null) return '1970-01-01T00:00:00Z';
  const start = new Date(Date.now() - days * 86_400_000);
  start.setUTCSeconds(0, 0);
  return rfc3339(start);
}

/**
 * Whose figures: what every member may see, the same for everyone (the organization's, where the
 * network and engagement pages open), or everything the reader may see (theirs). Guests may only
 * have their own (docs/design/analytics.md, "Whose view").
 */
export type Whose = 'organization' | 'mine';

export const kWhoseOptions: ReadonlyArray<{ value: Whose; label: string }> = [
  { value: 'organization', label: 'What every member can see' },
  { value: 'mine', label: 'Everything I can see' },
];

export function whoseFrom(value: string | null, isGuest: boolean): Whose {
  if (isGuest) return 'mine';
  return value === 'mine' ? 'mine' : 'organization';
}

export type AnalyticsPage = 'outcomes' | 'network' | 'engagement';

export const kAnalyticsPaths: Record<AnalyticsPage, string> = {
  outcomes: '/analytics',
  network: '/analytics/network',
  engagement: '/analytics/engagement',
};

export interface AnalyticsView {
  period: Period;
  /** A unit's id, or '' for all (outcomes and engagement). */
  unit?: string;
  /** A space's id, or '' for all (outcomes only). */
  space?: string;
  /** Whose figures (network and engagement); the organization's when not said. */
  view?: Whose;
}

/** The page's address with the view in its query; what a page does not take is left out. */
export function analyticsHref(page: AnalyticsPage, { period, unit, space, view }: AnalyticsView): string {
  const query = new URLSearchParams();
  if (period !== kDefaultPeriod) query.set('period', period);
  if (unit && page !== 'network') query.set('unit', unit);
  if (space && page === 'outcomes') query.set('space', space);
  if (view === 'mine' && page !== 'outcomes') query.set('view', view);
  const text = query.toString();
  return text ? `${kAnalyticsPaths[page]}?${text}` : kAnalyticsPaths[page];
}
