// One thing fetched on mount and whenever `deps` change: a post, a person, a space, a problem…,
// or a short list that comes whole (a space's invitations, a person's tokens). Tracks loading, the
// error to show, and "missing" (the server says it is not there, or not for you), can fetch again
// after an action, and takes local edits. Used by every item page; cursor lists use usePagedList.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Dispatch, Inputs, StateUpdater } from 'preact/hooks';
import { ApiError, describeError, isAbort } from '../api/client';

export interface Item<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** The last answer was one of `missingOn` (by default 404): show "not found", not an error. */
  missing: boolean;
  /** Fetch again (after an action, on a poll); resolves once the answer is in, never rejects. */
  reload: () => Promise<void>;
  /** After an error: forget it (so the page shows it is loading again) and fetch again. */
  retry: () => void;
  /** A local edit of the loaded value. */
  setData: Dispatch<StateUpdater<T | null>>;
}

export interface ItemOptions {
  /** When false nothing is fetched (e.g. the id is not known yet); what was loaded stays. */
  enabled?: boolean;
  /** Forget the loaded value, "missing" included, as soon as `deps` change, not when the next arrives. */
  clearOnChange?: boolean;
  /** HTTP statuses that mean "not there" rather than an error (default 404; [] for none). */
  missingOn?: readonly number[];
}

const kNotFound: readonly number[] = [404];

export function useItem<T>(
  load: (signal?: AbortSignal) => Promise<T>,
  deps: Inputs,
  { enabled = true, clearOnChange = false, missingOn = kNotFound }: ItemOptions = {},
): Item<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const missingRef = useRef(missingOn);
  missingRef.current = missingOn;

  // The newest fetch wins: an answer to an older one (other deps, an earlier reload) is dropped.
  const fetch = useCallback((signal?: AbortSignal): Promise<void> => {
    const mine = ++generation.current;
    setLoading(true);
    return loadRef.current(signal).then(
      (value) => {
        if (mine !== generation.current) return;
        setData(() => value);
        setMissing(false);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (isAbort(e) || mine !== generation.current) return;
        if (e instanceof ApiError && missingRef.current.includes(e.status)) setMissing(true);
        else setError(describeError(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    if (clearOnChange) {
      setData(null);
      setMissing(false);
    }
    setError(null);
    if (!enabled) {
      ++generation.current;
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    void fetch(controller.signal);
    return () => controller.abort();
  }, [...deps, enabled]);

  const reload = useCallback(() => fetch(), [fetch]);
  const retry = useCallback(() => {
    setError(null);
    void fetch();
  }, [fetch]);

  return { data, loading, error, missing, reload, retry, setData };
}
