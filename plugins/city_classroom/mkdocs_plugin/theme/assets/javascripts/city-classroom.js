/* City as Classroom: what every script of the guide shares, loaded before them.
 *
 * - onEachPage(start): run `start` on the first load and after each of Material's instant
 *   navigations (its document$), or once the page has loaded where document$ is missing;
 * - setUpEach(selector, attribute, setUp): for each element of the page that matches and has
 *   not been set up yet, read the JSON in its `attribute` and call setUp(element, data); an
 *   element is set up once (data-ready), and one whose data cannot be read is left as it is;
 * - readJson(element, attribute): that JSON, or undefined.
 *
 * Every editor string inside such data is put into the page with textContent by its script.
 *
 * The map libraries are not on every page: a page with a map (.cc-map) links their styles
 * in its <head>, and this fetches Leaflet and its gesture handling, marker clustering if one
 * of its maps clusters, then city-map.js, once for the whole visit (MAP_LIBRARIES; the
 * plugin's assets.py lists the same files). A page's `start`s wait for what its maps need
 * (they run at once where nothing is missing), so city-map.js draws a clustered map only
 * once clustering has come, even when a page reached by instant navigation is the first to
 * cluster. The scripts go at the end of <body>, which Material's instant navigation keeps
 * (it replaces the <head> elements the next page lacks); the styles a page reached so adds
 * go back before the guide's, which style the maps.
 */
(function () {
  "use strict";

  var MAP_LIBRARIES = {
    map: ["vendor/leaflet/leaflet.js", "vendor/gesture-handling/leaflet-gesture-handling.min.js"],
    cluster: ["vendor/markercluster/leaflet.markercluster.js"],
    draw: ["javascripts/city-map.js"]
  };
  var script = document.currentScript;
  var assets = script ? new URL("../", script.src) : null;  // this file is assets/javascripts/...
  var loading = {};
  var loaded = {};
  var waiting = null;  // what the current page's maps still need, as one promise

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var node = document.createElement("script");
        node.src = new URL(path, assets).href;
        node.async = false;
        node.onload = function () { loaded[path] = true; resolve(); };
        node.onerror = reject;
        document.body.appendChild(node);
      });
    }
    return loading[path];
  }

  function inOrder(paths) {
    return paths.reduce(function (done, path) {
      return done.then(function () { return load(path); });
    }, Promise.resolve());
  }

  function librariesOfThePage() {
    var maps = document.querySelectorAll(".cc-map[data-cc-map]");
    if (!maps.length || !assets) return null;
    var clusters = Array.prototype.some.call(maps, function (map) {
      var data = readJson(map, "data-cc-map");
      return Boolean(data && data.cluster);
    });
    var paths = MAP_LIBRARIES.map.concat(clusters ? MAP_LIBRARIES.cluster : [], MAP_LIBRARIES.draw);
    if (paths.every(function (path) { return loaded[path]; })) return null;
    return inOrder(paths);
  }

  function eachPage(start) {
    if (typeof document$ !== "undefined") {
      document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  function onEachPage(start) {
    eachPage(function () {
      if (waiting) {
        waiting.then(start, start);  // a library that could not come: the page works without its map
      } else {
        start();
      }
    });
  }

  function mapStylesFirst() {
    var guide = document.querySelector('head link[rel="stylesheet"][href*="assets/stylesheets/city"]');
    if (!guide) return;
    document.querySelectorAll("head link[data-cc-map-style]").forEach(function (style) {
      if (guide.compareDocumentPosition(style) & Node.DOCUMENT_POSITION_FOLLOWING) {
        guide.parentNode.insertBefore(style, guide);
      }
    });
  }

  eachPage(function () {  // first: the page's other scripts wait for what this finds missing
    mapStylesFirst();
    waiting = librariesOfThePage();
    if (waiting) {
      waiting.catch(function (error) {
        if (window.console) console.error("city-classroom: the map libraries could not load", error);
      });
    }
  });

  function readJson(element, attribute) {
    try {
      return JSON.parse(element.getAttribute(attribute));
    } catch (error) {
      return undefined;
    }
  }

  function setUpEach(selector, attribute, setUp) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (element.getAttribute("data-ready")) return;
      var data = attribute ? readJson(element, attribute) : null;
      if (data === undefined) return;
      element.setAttribute("data-ready", "yes");
      setUp(element, data);
    });
  }

  window.cityClassroom = { onEachPage: onEachPage, setUpEach: setUpEach, readJson: readJson };
})();
