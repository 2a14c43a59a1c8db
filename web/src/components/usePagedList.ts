// A cursor-paged list fetched on mount and whenever `key` changes, with "load more" and local
// edits (prepend, replace). For lists that are not posts (spaces' problems, ideas, proposals…).

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, isAbort } from '../api/client';
import type { Page } from '../api/types';

export interface PagedList<T extends { id: string }> {
  items: T[];
  cursor: string | null;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  prepend: (item: T) => void;
  replace: (item: T) => void;
  reload: () => void;
}

export function usePagedList<T extends { id: string }>(
  fetchPage: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>,
  key: string,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const controller = new AbortController();
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    fetchRef
      .current(null, controller.signal)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (isAbort(e) || mine !== generation.current) return;
        setItems([]);
        setCursor(null);
        setError(describeError(e));
        setLoading(false);
      });
    return () => controller.abort();
  }, [key, version]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    fetchRef
      .current(cursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((previous) => {
          const seen = new Set(previous.map((p) => p.id));
          return [...previous, ...page.items.filter((p) => !seen.has(p.id))];
        });
        setCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (mine !== generation.current) return;
        setError(describeError(e));
        setLoading(false);
      });
  }, [cursor, loading]);

  const prepend = useCallback((item: T) => {
    setItems((previous) => [item, ...previous.filter((p) => p.id !== item.id)]);
  }, []);
  const replace = useCallback((item: T) => {
    setItems((previous) => previous.map((p) => (p.id === item.id ? item : p)));
  }, []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { items, cursor, loading, error, loadMore, prepend, replace, reload };
}
