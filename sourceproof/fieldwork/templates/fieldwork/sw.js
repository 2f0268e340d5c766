/* sourceproof · the phone screen's service worker (version __VERSION__), scope {{ scope }}.
 *
 * Keeps what the screen needs to load without a connection:
 * - static files (the shell: styles and scripts): cache first, kept per version;
 * - the screen's pages under {{ scope }}: network first, the last copy when offline (a page
 *   never opened online shows the offline page);
 * - photo thumbnails: network first, the last copy when offline.
 * Writes (POST) are never touched: the page's outbox keeps and resends them.
 */
"use strict";

var VERSION = "__VERSION__";
var STATIC_CACHE = "sp-field-static-" + VERSION;
var PAGE_CACHE = "sp-field-pages";
var SHELL = {{ shell_json|safe }};
var OFFLINE_URL = "{{ offline_url|escapejs }}";
var SCOPE = "{{ scope|escapejs }}";
var STATIC_PREFIX = "{{ static_prefix|escapejs }}";
var THUMBNAIL = /^\/evidence\/photos\/\d+\/thumbnail\/$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return Promise.all(SHELL.map(function (url) {
        return cache.add(new Request(url, { credentials: "same-origin" })).catch(function () { return null; });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("sp-field-static-") === 0 && key !== STATIC_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keep(cacheName, request, response) {
  if (response && response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function cacheFirst(request) {
  return caches.match(request, { ignoreVary: true }).then(function (found) {
    return found || fetch(request).then(function (response) { return keep(STATIC_CACHE, request, response); });
  });
}

function networkFirst(request, fallback) {
  return fetch(request).then(function (response) {
    return keep(PAGE_CACHE, request, response);
  }).catch(function () {
    return caches.match(request, { ignoreVary: true, ignoreSearch: false }).then(function (found) {
      if (found) { return found; }
      if (fallback) { return caches.match(fallback, { ignoreVary: true }); }
      return Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(networkFirst(request, OFFLINE_URL));
  } else if (THUMBNAIL.test(url.pathname)) {
    event.respondWith(networkFirst(request, null));
  }
});

/* The page asks to keep itself and the files it loaded before this worker controlled it. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) { return; }
  event.waitUntil(Promise.all(data.urls.map(function (raw) {
    var url = new URL(raw, self.location.origin);
    if (url.origin !== self.location.origin) { return null; }
    url.hash = "";
    var cacheName = url.pathname.indexOf(STATIC_PREFIX) === 0 ? STATIC_CACHE : PAGE_CACHE;
    if (cacheName === PAGE_CACHE && url.pathname.indexOf(SCOPE) !== 0) { return null; }
    var request = new Request(url.href, { credentials: "same-origin" });
    return fetch(request).then(function (response) { return keep(cacheName, request, response); }).catch(function () { return null; });
  })));
});
