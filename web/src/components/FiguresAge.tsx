// How old the network and engagement figures are. The server caches them per reader and question
// and, after a change, serves the last answer for a few minutes while it computes the next one
// (docs/design/analytics.md, "Cached figures"): the page says so, "computed just now" or "computed
// 4 min ago", counting on while the page stays open, and offers to ask again.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDateTime } from './DateTime';

/** An age in seconds as a person would say it: "just now", "3 min ago", "2 h ago", "4 days ago". */
export function ageText(seconds: number): string {
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

interface FiguresAgeProps {
  computedAt: string;
  /** As the server said it when it answered. */
  ageSeconds: number;
  /** Ask again (shown once the figures are a minute old). */
  onRefresh?: () => void;
  refreshing?: boolean;
}

export function FiguresAge({ computedAt, ageSeconds, onRefresh, refreshing = false }: FiguresAgeProps) {
  // The answer's age when it arrived, plus the time since on this page.
  const arrived = useMemo(() => Date.now(), [computedAt, ageSeconds]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const age = ageSeconds + Math.max(0, Math.floor((now - arrived) / 1000));
  return (
    <p class="muted figures-age" data-testid="figures-age">
      <span>
        Figures computed{' '}
        <time dateTime={computedAt} title={formatDateTime(computedAt)}>
          {ageText(age)}
        </time>
        .
      </span>
      {onRefresh && age >= 60 && (
        <>
          {' '}
          <button type="button" class="button button--ghost button--small" onClick={onRefresh} disabled={refreshing}>
            {refreshing ? 'Asking again…' : 'Ask again'}
          </button>
        </>
      )}
    </p>
  );
}
