// The app shell, kept for offline use: a board opened once can be reloaded without a network,
// its content coming from IndexedDB (y-indexeddb). API, auth and collab traffic is never cached.
const CACHE = 'studio-shell-v1';

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/index.html', { cache: 'no-store' });
  const html = await response.clone().text();
  await cache.put('/index.html', response);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/^\/(api|auth|collab|healthz|readyz)(\/|$)/.test(url.pathname)) return;
  if (event.request.mode === 'navigate') {
    // Fresh when online (and the cached shell refreshed), the cached shell when not.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) void cacheShell().catch(() => {});
          return response;
        })
        .catch(() => caches.match('/index.html').then((cached) => cached ?? Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(event.request).then(
        (cached) =>
          cached ??
          fetch(event.request).then((response) => {
            const copy = response.clone();
            if (response.ok) void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
            return response;
          }),
      ),
    );
  }
});
