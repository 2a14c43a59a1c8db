// "Load more" for cursor lists. The button is always there for keyboard and screen-reader users;
// when `auto` is set, scrolling it into view loads the next page too (infinite scroll).

import { useEffect, useRef } from 'preact/hooks';

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  auto?: boolean;
  label?: string;
}

export function LoadMore({ hasMore, loading, onLoad, auto = false, label = 'Load more' }: LoadMoreProps) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef({ hasMore, loading, onLoad });
  latest.current = { hasMore, loading, onLoad };

  useEffect(() => {
    const element = ref.current;
    if (!auto || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const { hasMore: more, loading: busy, onLoad: load } = latest.current;
        if (entries.some((entry) => entry.isIntersecting) && more && !busy) load();
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [auto]);

  if (!hasMore) return null;
  return (
    <div class="load-more" ref={ref}>
      <button type="button" class="button button--secondary" onClick={onLoad} disabled={loading}>
        {loading ? 'Loading…' : label}
      </button>
    </div>
  );
}
