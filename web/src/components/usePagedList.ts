// A cursor-paged list fetched on mount and whenever `key` changes, with "load more" and local
// edits (prepend, replace, remove). Used by every cursor list: post feeds, the people directory,
// search, spaces, and the lists inside a space (problems, ideas, proposals, members…).

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
  remove: (item: T) => void;
  /** Any other local edit of the loaded items. */
  update: (change: (items: T[]) => T[]) => void;
  reload: () => void;
  /** After an error: asks again for what failed (the next page, or else the first). */
  retry: () => void;
}

export interface PagedListOptions<T> {
  /** When false nothing is fetched and the list is empty (e.g. a search with no words yet). */
  enabled?: boolean;
  /** Empty the list as soon as another one starts loading, instead of when it arrives. */
  clearOnChange?: boolean;
  /** What makes two items the same one when pages overlap (default: the id). */
  identity?: (item: T) => string;
}

const byId = (item: { id: string }) => item.id;

export function usePagedList<T extends { id: string }>(
  fetchPage: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>,
  key: string,
  { enabled = true, clearOnChange = false, identity = byId }: PagedListOptions<T> = {},
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const identityRef = useRef(identity);
  identityRef.current = identity;
  // The key whose first page was last asked for: a list whose key has just changed (or that has
  // just been enabled) counts as loading already, before the effect below asks for it.
  const askedFor = useRef<string | null>(null);

  useEffect(() => {
    const mine = ++generation.current;
    askedFor.current = enabled ? key : null;
    setError(null);
    if (!enabled || clearOnChange) {
      setItems([]);
      setCursor(null);
    }
    if (!enabled) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
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
  }, [key, version, enabled]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const mine = generation.current;
    setLoading(true);
    setError(null);
    fetchRef
      .current(cursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((previous) => {
          const same = identityRef.current;
          const seen = new Set(previous.map(same));
          return [...previous, ...page.items.filter((p) => !seen.has(same(p)))];
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
  const remove = useCallback((item: T) => {
    setItems((previous) => previous.filter((p) => p.id !== item.id));
  }, []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // A failed next page keeps the cursor it failed at and the items before it.
  const retry = useCallback(() => (items.length > 0 && cursor ? loadMore() : reload()), [items.length, cursor, loadMore, reload]);

  const pending = enabled && askedFor.current !== key;
  return {
    items,
    cursor,
    loading: loading || pending,
    error,
    loadMore,
    prepend,
    replace,
    remove,
    update: setItems,
    reload,
    retry,
  };
}
