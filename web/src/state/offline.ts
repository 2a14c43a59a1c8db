// Weft as an installed app: the service worker (public/sw.js) in production builds, whether the
// browser is online, and the signed-in person remembered so that a page load without the network
// still opens what the person last read. The remembered person holds no token: writes need the
// server, and offline they fail with the usual "Could not reach the server" message.

import { useEffect, useState } from 'preact/hooks';
import type { Person } from '../api/types';

const kPersonKey = 'weft.offline.person';

/** Registers the service worker once the page has loaded (production builds only). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

export function rememberPerson(person: Person): void {
  try {
    localStorage.setItem(kPersonKey, JSON.stringify(person));
  } catch {
    // Storage may be off; offline reading then needs the network to know who is signed in.
  }
}

export function rememberedPerson(): Person | null {
  try {
    const text = localStorage.getItem(kPersonKey);
    return text ? (JSON.parse(text) as Person) : null;
  } catch {
    return null;
  }
}

/** Signed out (or the session ended): forget the person and the answers kept for them. */
export function forgetPerson(): void {
  try {
    localStorage.removeItem(kPersonKey);
  } catch {
    // Nothing kept.
  }
  navigator.serviceWorker?.controller?.postMessage({ type: 'signed-out' });
}

export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => !isOffline());
  useEffect(() => {
    const update = () => setOnline(!isOffline());
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
