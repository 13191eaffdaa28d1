/* City as Classroom: the service worker of offline walks.
 *
 * Registered at the site's root (its scope is the whole site) only when a reader presses
 * "Save this walk for offline use" on a route page (assets/javascripts/offline.js), which
 * puts the walk's pages and what they use into the "cc-walks-v1" cache.
 *
 * - Pages and files of the site: from the network first, so that a reader online always
 *   gets the current guide; a saved copy is refreshed on the way; without a connection,
 *   the saved copy. Styles and scripts are kept as they load, so that a page refreshed
 *   after a new build still has what it needs.
 * - Map tiles (images from another origin): the kept copy first, else the network,
 *   keeping each tile as it loads (opaque responses too), up to MOST_TILES tiles.
 */
"use strict";

var PAGES = "cc-walks-v1";
var TILES = "cc-tiles-v1";
var MOST_TILES = 400;
var MATCH = { ignoreSearch: true, ignoreVary: true };

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  var scope = new URL(self.registration.scope);
  if (url.origin === scope.origin) {
    if (url.pathname.indexOf(scope.pathname) === 0) event.respondWith(fromSite(event));
  } else if (request.destination === "image" && /^https?:$/.test(url.protocol)) {
    event.respondWith(tile(event));
  }
});

function fromSite(event) {
  var request = event.request;
  return caches.open(PAGES).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        var copy = response.clone();
        var always = request.destination === "style" || request.destination === "script";
        event.waitUntil(cache.match(request, MATCH).then(function (saved) {
          if (saved || always) return cache.put(request, copy);
        }).catch(function () {}));
      }
      return response;
    }, function (error) {
      return cache.match(request, MATCH).then(function (saved) {
        if (saved) return saved;
        throw error;
      });
    });
  });
}

function tile(event) {
  var request = event.request;
  return caches.open(TILES).then(function (cache) {
    return cache.match(request, MATCH).then(function (saved) {
      if (saved) return saved;
      return fetch(request).then(function (response) {
        if (response.ok || response.type === "opaque") {
          var copy = response.clone();
          event.waitUntil(cache.put(request, copy).then(function () { return trim(cache); })
            .catch(function () { /* storage full: the tile is simply not kept */ }));
        }
        return response;
      });
    });
  });
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    var extra = keys.length - MOST_TILES;
    return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (key) { return cache.delete(key); }));
  });
}
