// Weft's service worker: the web UI keeps working to read when the network goes away.
// - The app shell (index.html and the built assets) is cached when the worker installs; a page
//   load without the network is answered from it.
// - GET /api/v1/* answers are fetched from the network first; the last good answer of each is
//   kept and used when the network fails, so what someone already read stays readable offline.
//   /api/v1/session is never kept, writes are never touched, and the kept answers belong to one
//   signed-in person: signing out, or someone else signing in, empties them.
// - The cache names carry the build's version (written by scripts/precache.mjs), so a new build
//   installs beside the old one and removes the old caches when it takes over.

const kVersion = '__WEFT_VERSION__';
const kShell = JSON.parse('__WEFT_PRECACHE__');
const kShellCache = `weft-shell-${kVersion}`;
const kApiCache = `weft-api-${kVersion}`;
const kMetaCache = `weft-meta-${kVersion}`;
const kPersonKey = '/__weft/person';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(kShellCache)
      .then((cache) => cache.addAll(kShell.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('weft-') && ![kShellCache, kApiCache, kMetaCache].includes(name))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function forgetApi() {
  await caches.delete(kApiCache);
  const meta = await caches.open(kMetaCache);
  await meta.delete(kPersonKey);
}

/** Someone is signed in (a session answer with a person): keep the answers only if it is the same one. */
async function notePerson(response) {
  if (!response.ok) return;
  let id = null;
  try {
    id = (await response.clone().json())?.person?.id ?? null;
  } catch {
    return;
  }
  if (!id) return;
  const meta = await caches.open(kMetaCache);
  const known = await meta.match(kPersonKey);
  const knownId = known ? await known.text() : null;
  if (knownId !== id) {
    await caches.delete(kApiCache);
    await meta.put(kPersonKey, new Response(id));
  }
}

async function session(event) {
  const { request } = event;
  const response = await fetch(request);
  if (request.method === 'DELETE' || response.status === 401) event.waitUntil(forgetApi());
  else if (request.method === 'GET' || request.method === 'POST') event.waitUntil(notePerson(response));
  return response;
}

async function api(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    if (response.status === 401) event.waitUntil(forgetApi());
    else if (response.ok && response.status === 200) {
      const copy = response.clone();
      event.waitUntil(caches.open(kApiCache).then((cache) => cache.put(request, copy)));
    }
    return response;
  } catch (error) {
    // Only without a network: a request that fails while online (the server down, a proxy's
    // refusal) is an error the page shows, not a reason to show old answers as if they were new.
    if (self.navigator.onLine === false) {
      const cached = await caches.match(request, { cacheName: kApiCache, ignoreVary: true });
      if (cached) return cached;
    }
    throw error;
  }
}

async function navigation(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match('/', { cacheName: kShellCache });
    if (shell) return shell;
    throw error;
  }
}

async function shellFile(request) {
  const cached = await caches.match(request, { cacheName: kShellCache, ignoreSearch: true });
  return cached ?? fetch(request);
}

self.addEventListener('message', (event) => {
  if (event.data?.type === 'signed-out') event.waitUntil(forgetApi());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/api/v1/session') {
    event.respondWith(session(event));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith('/api/')) {
    // The realtime stream is a WebSocket and never reaches here; anything else streamed is left alone.
    if (url.pathname === '/api/v1/stream' || request.headers.get('Accept')?.includes('text/event-stream')) return;
    if (url.pathname.startsWith('/api/v1/')) event.respondWith(api(event));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
    return;
  }
  if (kShell.includes(url.pathname)) event.respondWith(shellFile(request));
});
