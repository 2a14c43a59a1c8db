// The signed-in person and the CSRF token, recovered from GET /api/v1/session after a reload.
// SessionProvider owns them; views read them with useSession().

import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, setCsrfRefresher, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import { session as sessionApi } from '../api/endpoints';
import type { Person } from '../api/types';
import { forgetPerson, rememberedPerson, rememberPerson } from './offline';
import { forgetUnits } from './units';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; error?: string }
  | { status: 'signed-in'; person: Person };

interface SessionContextValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Replace the cached signed-in person, e.g. after editing one's own profile. */
  updatePerson(person: Person): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    sessionApi
      .current(controller.signal)
      .then((info) => {
        setCsrfToken(info.csrf_token);
        rememberPerson(info.person);
        setState({ status: 'signed-in', person: info.person });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setCsrfToken(null);
        // No network: open what this person last read (kept by the service worker).
        const remembered = error instanceof ApiError && error.status === 0 ? rememberedPerson() : null;
        if (remembered) {
          setState({ status: 'signed-in', person: remembered });
          return;
        }
        if (error instanceof ApiError && error.status === 401) forgetPerson();
        const message =
          error instanceof ApiError && error.status !== 401 ? 'The server is not answering right now.' : undefined;
        setState({ status: 'signed-out', error: message });
      });
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      forgetPerson();
      forgetUnits();  // what one person's session loaded is not the next one's
      setState({ status: 'signed-out', error: 'Your session has ended. Please sign in again.' });
    });
    // Opened without the server (the remembered person, no token): ask again for the session when
    // the network is back, and before a write, so that writes carry the token.
    let refreshing: Promise<string | null> | null = null;
    const refresh = (): Promise<string | null> => {
      refreshing ??= sessionApi
        .current()
        .then((info) => {
          if (rememberedPerson()?.id !== info.person.id) forgetUnits();
          setCsrfToken(info.csrf_token);
          rememberPerson(info.person);
          setState({ status: 'signed-in', person: info.person });
          return info.csrf_token;
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) {
            setCsrfToken(null);
            forgetPerson();
            forgetUnits();
            setState({ status: 'signed-out', error: 'Your session has ended. Please sign in again.' });
          }
          return null;
        })
        .finally(() => {
          refreshing = null;
        });
      return refreshing;
    };
    setCsrfRefresher(refresh);
    const online = () => void refresh();
    window.addEventListener('online', online);
    return () => {
      controller.abort();
      setUnauthenticatedHandler(null);
      setCsrfRefresher(null);
      window.removeEventListener('online', online);
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const info = await sessionApi.signIn(email, password);
    forgetUnits();
    setCsrfToken(info.csrf_token);
    rememberPerson(info.person);
    setState({ status: 'signed-in', person: info.person });
  }, []);

  const signOut = useCallback(async () => {
    let logoutUrl: string | null = null;
    try {
      logoutUrl = await sessionApi.signOut();
    } catch (error) {
      // Signed out only once the server says so (or that there was no session): otherwise the
      // cookie still signs this browser in, and showing the sign-in page would say otherwise.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    forgetPerson();
    forgetUnits();
    setState({ status: 'signed-out' });
    // Signed in through the identity provider: end its session too (it sends the browser back).
    if (logoutUrl && /^https?:\/\//.test(logoutUrl)) window.location.assign(logoutUrl);
  }, []);

  const updatePerson = useCallback((person: Person) => {
    rememberPerson(person);
    setState((previous) => (previous.status === 'signed-in' ? { status: 'signed-in', person } : previous));
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, updatePerson }), [state, signIn, signOut, updatePerson]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only for components rendered inside the signed-in shell. */
export function useMe(): Person {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe while not signed in');
  return state.person;
}
