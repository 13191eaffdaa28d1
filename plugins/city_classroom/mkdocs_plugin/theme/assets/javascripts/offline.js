/* City as Classroom: "Save this walk for offline use" on a route page.
 *
 * Fetched by city-classroom.js at the reader's first tap on the button (at once where the
 * browser cannot keep pages, to say so, or where walks were saved, to say "Saved"). The button
 * registers the service worker offline-walks.js at the site's root, then keeps in the browser's
 * cache:
 *   - the pages listed in the button's data-offline (this route page, its city page, its
 *     walk sheet and its stops' pages), with the styles, scripts, pictures and recorded stories
 *     they use: those they link, and those city-classroom.js fetches for them later (walk mode,
 *     the map libraries, ...: cityClassroom.assetsFor), so that all of them work offline;
 *   - the map tiles already on the screen (the service worker keeps later ones as they load; a
 *     map the reader has not scrolled to yet is drawn at once, so that its tiles come too).
 * When there is no connection, the service worker answers from that cache.
 * Nothing is saved until the reader asks; the cache names match offline-walks.js.
 *
 * Runs on first load and after Material's instant navigation.
 */
(function () {
  "use strict";

  var PAGES = "cc-walks-v1";
  var TILES = "cc-tiles-v1";

  function sameOriginUrls(doc, base) {
    var urls = [];
    doc.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href], script[src], img[src], audio[src]")
      .forEach(function (element) {
        var value = element.getAttribute(element.tagName === "LINK" ? "href" : "src");
        var url = new URL(value, base);
        url.hash = "";
        if (url.origin === location.origin) urls.push(url.href);
      });
    return urls.concat(window.cityClassroom.assetsFor(doc));
  }

  /* Fetch a page, keep it, and return the styles, scripts and pictures it uses. */
  function keepPage(cache, url) {
    return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return cache.put(url, response.clone()).then(function () { return response.text(); });
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      return sameOriginUrls(doc, url);
    });
  }

  function keepTilesOnScreen() {
    var tiles = Array.prototype.slice.call(document.querySelectorAll("img.leaflet-tile[src]"))
      .map(function (img) { return img.src; })
      .filter(function (src) { return /^https?:/.test(src); });
    if (!tiles.length) return Promise.resolve();
    return caches.open(TILES).then(function (cache) {
      return Promise.all(tiles.map(function (src) {
        return fetch(src, { mode: "no-cors" }).then(function (response) {
          return cache.put(src, response);
        }).catch(function () { /* a tile that cannot load now is simply not kept */ });
      }));
    });
  }

  function save(box, data) {
    var root = new URL(data.root, location.href);
    var pages = data.pages.map(function (page) { return new URL(page, location.href).href; });
    return navigator.serviceWorker.register(new URL(data.worker, root).href, { scope: root.href })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {  // a map not scrolled to yet is drawn now: the service worker keeps its tiles
        window.cityClassroom.drawMaps();
        return caches.open(PAGES);
      })
      .then(function (cache) {
        return Promise.all(pages.map(function (page) { return keepPage(cache, page); }))
          .then(function (lists) {
            var assets = {};
            // not this document's own links: after an instant navigation a relative one would be
            // read against the new address (this page is among `pages`, fetched and read above)
            assets[new URL("sitemap.xml", root).href] = true;
            lists.forEach(function (list) { list.forEach(function (url) { assets[url] = true; }); });
            pages.forEach(function (page) { delete assets[page]; });
            return Promise.all(Object.keys(assets).map(function (url) {
              return cache.add(url).catch(function () { /* a missing picture does not spoil the walk */ });
            }));
          });
      })
      .then(keepTilesOnScreen);
  }

  function setUp(box, data) {
    var button = box.querySelector(".cc-offline-save");
    var status = box.querySelector(".cc-offline-status");
    var labels = data.labels;
    box.hidden = false;
    if (!("serviceWorker" in navigator) || !window.caches) {
      button.disabled = true;
      status.textContent = labels.offline_unsupported;
      box.setAttribute("data-state", "unsupported");
      return;
    }
    caches.open(PAGES).then(function (cache) { return cache.match(location.href, { ignoreSearch: true }); })
      .then(function (saved) {
        if (saved && !box.getAttribute("data-state")) {
          status.textContent = labels.offline_saved;
          box.setAttribute("data-state", "saved");
        }
      }).catch(function () {});
    button.addEventListener("click", function () {
      button.disabled = true;
      box.setAttribute("data-state", "saving");
      status.textContent = labels.offline_saving;
      save(box, data).then(function () {
        box.setAttribute("data-state", "saved");
        status.textContent = labels.offline_saved;
      }, function (error) {
        box.setAttribute("data-state", "failed");
        status.textContent = labels.offline_failed;
        if (window.console) console.warn("city-classroom: the walk could not be saved", error);
      }).then(function () { button.disabled = false; });
    });
  }

  cityClassroom.onEachPage(function () {
    cityClassroom.setUpEach(".cc-offline[data-offline]", "data-offline", setUp);
  });
})();
