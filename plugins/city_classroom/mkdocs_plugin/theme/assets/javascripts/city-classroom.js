/* City as Classroom: the one script every page links. It fetches what the page uses, once for
 * the visit, on the first load and after each of Material's instant navigations, and gives the
 * other scripts what they share (window.cityClassroom: onEachPage, setUpEach, readJson,
 * instantly(); for what needs maps early: mapLibraries, drawMaps; assetsFor(doc), what
 * offline.js keeps).
 *
 * FEATURES (assets.py repeats it for the bench and the tests): a feature's script comes at once
 * on a page with its element; "Start the walk", "Listen", "Save this walk" and "Near me" are
 * shown at once and get their script at the reader's first tap, which is then handed on to it
 * (at once where the page must show a state it keeps: AT_ONCE_IF); the language menu's only
 * after an instant navigation, or where its links must keep the address's query (`?walk=`):
 * elsewhere the first page's menu is right as written. The map libraries
 * come when a map is near the screen (NEAR), so that a phone gets a walk's words before its
 * map. Without JavaScript the features' elements stay hidden, as written.
 *
 * Scripts go at the end of <body>, which instant navigation keeps. Styles are in <head>, which
 * it changes to the next page's: the map styles are put back before the guide's (which style
 * the maps) whenever a map needs them, and the guide's keep their order (data-cc-style).
 */
(function () {
  "use strict";

  var NEAR = "25% 0px";  // a map within a quarter of a screen of the viewport gets its libraries
  var MAP_LIBRARIES = {
    styles: ["vendor/leaflet/leaflet.css"],
    scripts: ["vendor/leaflet/leaflet.js"],
    clusterStyles: ["vendor/markercluster/MarkerCluster.css", "vendor/markercluster/MarkerCluster.Default.css"],
    clusterScripts: ["vendor/markercluster/leaflet.markercluster.js"],
    draw: ["javascripts/city-map.js"]
  };
  var FEATURES = [
    { element: "div.cc-opening[data-opening]", scripts: ["opening-hours"], fetched: "at once" },
    { element: "form.cc-walk-filter[data-labels], .cc-print", scripts: ["walks"], fetched: "at once" },
    { element: "[data-cc-search]", scripts: ["city-search"], fetched: "at once" },
    { element: "nav.cc-between[data-walks]", scripts: ["between-stops"], fetched: "on a walk" },
    { element: ".cc-listen[data-listen]", scripts: ["read-aloud"], fetched: "on first use" },
    { element: "section.cc-walk-mode[data-walk-mode]", scripts: ["read-aloud", "walk-mode"], fetched: "on first use" },
    { element: ".cc-offline[data-offline]", scripts: ["offline"], fetched: "on first use" },
    { element: ".cc-near-me[data-near-me]", scripts: ["near-me"], fetched: "on first use" },
    { element: ".md-select__link[hreflang]", scripts: ["city-language"], fetched: "after an instant navigation, or with a query" }
  ];
  var USE = "button, input, select";  // what a reader taps in a feature fetched on first use

  /* Where a feature fetched on first use must come at once: the page shows a state it keeps. */
  var AT_ONCE_IF = {
    "read-aloud": function () { return stored("cc-listen-rate") !== null; },  // read-aloud.js RATE_KEY
    "walk-mode": function () {  // walk-mode.js keeps the walk going on under its KEY + the page's path
      var saved = stored("cc-walk:" + location.pathname);
      try { return Boolean(saved && JSON.parse(saved).on); } catch (error) { return false; }
    },
    offline: function () {  // "cannot keep pages" to say, or walks saved (a service worker): "Saved"
      return !("serviceWorker" in navigator) || !window.caches || Boolean(navigator.serviceWorker.controller);
    },
    "near-me": function () { return !navigator.geolocation; }  // the list of sites to start from, at once
  };

  var script = document.currentScript;
  var assets = script ? new URL("../", script.src) : null;  // this file is assets/javascripts/...
  var loading = {};
  var loaded = {};
  var pages = 0;  // document$'s emissions: 1 on the first page, more after instant navigations
  var observer = null;

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function scriptPaths(names) {
    return names.map(function (name) { return "javascripts/" + name + ".js"; });
  }

  function report(error) {
    if (window.console) console.error("city-classroom: a script or style could not load", error);
  }

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var node = document.createElement("script");
        node.src = new URL(path, assets).href;
        node.async = false;
        node.onload = function () { loaded[path] = true; resolve(); };
        node.onerror = function () {
          delete loading[path];  // another try, on another page or tap
          node.remove();
          reject(new Error("could not load " + node.src));
        };
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

  /* A map style in <head>, before the guide's styles; again after an instant navigation took it out. */
  function mapStyle(path) {
    var href = new URL(path, assets).href;
    var link = Array.prototype.filter.call(document.querySelectorAll("head link[data-cc-map-style]"),
                                           function (node) { return node.href === href; })[0];
    if (!link) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.setAttribute("data-cc-map-style", "");
      var guide = document.querySelector("head link[data-cc-style]");
      document.head.insertBefore(link, guide);  // at the end when the page has none
    }
    if (link.sheet) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      link.addEventListener("load", function () { resolve(); });
      link.addEventListener("error", function () {
        link.remove();
        reject(new Error("could not load " + href));
      });
    });
  }

  function mapLibraries(cluster) {
    var styles = MAP_LIBRARIES.styles.concat(cluster ? MAP_LIBRARIES.clusterStyles : []);
    var scripts = MAP_LIBRARIES.scripts.concat(cluster ? MAP_LIBRARIES.clusterScripts : [], MAP_LIBRARIES.draw);
    return Promise.all(styles.map(mapStyle).concat([inOrder(scripts)]));
  }

  /* A map near the screen: its libraries, then city-map.js draws it (cityClassroom.drawMap). */
  function mapNear(container) {
    var data = readJson(container, "data-cc-map");
    if (!data) return Promise.resolve();
    return mapLibraries(Boolean(data.cluster)).then(function () {
      if (container.isConnected && window.cityClassroom.drawMap) window.cityClassroom.drawMap(container);
    }, report);
  }

  /* Every map of the page, drawn now, wherever it is (offline.js: its tiles are kept as they load). */
  function drawMaps() {
    if (!assets) return Promise.resolve();
    return Promise.all(Array.prototype.map.call(document.querySelectorAll(".cc-map[data-cc-map]"), mapNear));
  }

  function watchMaps() {
    if (observer) observer.disconnect();
    observer = null;
    var maps = document.querySelectorAll(".cc-map[data-cc-map]");
    if (!maps.length || !assets) return;
    if (!("IntersectionObserver" in window)) {
      Array.prototype.forEach.call(maps, mapNear);
      return;
    }
    observer = new IntersectionObserver(function (entries, watching) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watching.unobserve(entry.target);
        mapNear(entry.target);
      });
    }, { rootMargin: NEAR });
    Array.prototype.forEach.call(maps, function (map) { observer.observe(map); });
  }

  /* On a walk: the address names the route a site page is reached from (between-stops.js). */
  function onAWalk(nav) {
    var data = readJson(nav, "data-walks");
    try {
      return Boolean(data && new URLSearchParams(location.search).get(data.parameter || "walk"));
    } catch (error) {
      return false;
    }
  }

  function fetchFeatures() {
    if (!assets) return;
    FEATURES.forEach(function (feature, index) {
      var elements = document.querySelectorAll(feature.element);
      if (!elements.length) return;
      var paths = scriptPaths(feature.scripts);
      if (paths.every(function (path) { return loaded[path]; })) return;  // it sets the page up itself
      var last = feature.scripts[feature.scripts.length - 1];
      if (feature.fetched === "on first use" && !AT_ONCE_IF[last]()) {
        Array.prototype.forEach.call(elements, function (element) {
          if (element.getAttribute("data-ready")) return;
          element.setAttribute("data-cc-on-use", String(index));
          element.hidden = false;
        });
        return;
      }
      if (feature.fetched === "on a walk" && !Array.prototype.some.call(elements, onAWalk)) return;
      if (feature.fetched === "after an instant navigation, or with a query" && pages < 2 && !location.search) return;
      inOrder(paths).catch(report);
    });
  }

  /* The first tap on a feature fetched on first use: its scripts, once, then the same tap again,
     now on the feature set up by them (data-ready). Until then the feature is busy. */
  function onFirstUse(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var box = target.closest("[data-cc-on-use]");
    var control = target.closest(USE);
    if (!box || !control || !box.contains(control) || box.getAttribute("data-ready")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (box.getAttribute("aria-busy")) return;
    box.setAttribute("aria-busy", "true");
    var feature = FEATURES[Number(box.getAttribute("data-cc-on-use"))];
    inOrder(scriptPaths(feature.scripts)).then(function () {
      box.removeAttribute("aria-busy");
      if (box.getAttribute("data-ready") && control.isConnected) control.click();
    }, function (error) {
      box.removeAttribute("aria-busy");
      report(error);
    });
  }
  document.addEventListener("click", onFirstUse, true);

  /* The guide's styles in the order the page lists them, after an instant navigation added some
     at the end of <head>: one that comes after a style it should precede is moved before it. */
  function guideStylesInOrder() {
    var styles = Array.prototype.slice.call(document.querySelectorAll("head link[data-cc-style]"));
    styles.sort(function (a, b) { return Number(a.getAttribute("data-cc-style")) - Number(b.getAttribute("data-cc-style")); });
    for (var i = styles.length - 2; i >= 0; i -= 1) {
      if (styles[i].compareDocumentPosition(styles[i + 1]) & Node.DOCUMENT_POSITION_PRECEDING) {
        styles[i + 1].parentNode.insertBefore(styles[i], styles[i + 1]);
      }
    }
  }

  /* `start` on the first load and after each instant navigation: Material's document$ replays
     the page on screen to a script fetched later; without it, once the page has loaded. */
  function eachPage(start) {
    if (typeof document$ !== "undefined") {
      document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  eachPage(function () {  // first: the scripts it fetches subscribe after it
    pages += 1;
    guideStylesInOrder();
    fetchFeatures();
    watchMaps();
  });

  /* Every script and style this file may fetch for `doc` (a page, perhaps fetched and parsed), as URLs. */
  function assetsFor(doc) {
    if (!assets) return [];
    var paths = [];
    var maps = doc.querySelectorAll(".cc-map[data-cc-map]");
    if (maps.length) {
      var cluster = Array.prototype.some.call(maps, function (map) {
        var data = readJson(map, "data-cc-map");
        return Boolean(data && data.cluster);
      });
      paths = paths.concat(MAP_LIBRARIES.styles, MAP_LIBRARIES.scripts, MAP_LIBRARIES.draw,
                           cluster ? MAP_LIBRARIES.clusterStyles.concat(MAP_LIBRARIES.clusterScripts) : []);
    }
    FEATURES.forEach(function (feature) {
      if (doc.querySelector(feature.element)) paths = paths.concat(scriptPaths(feature.scripts));
    });
    return paths.filter(function (path, index) { return paths.indexOf(path) === index; })
      .map(function (path) { return new URL(path, assets).href; });
  }

  function readJson(element, attribute) {
    try {
      return JSON.parse(element.getAttribute(attribute));
    } catch (error) {
      return undefined;
    }
  }

  /* setUp(element, data) for each element of the page not set up yet (data-ready), with the JSON
     of its `attribute`; an element whose data cannot be read is left as it is. */
  function setUpEach(selector, attribute, setUp) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (element.getAttribute("data-ready")) return;
      var data = attribute ? readJson(element, attribute) : null;
      if (data === undefined) return;
      element.setAttribute("data-ready", "yes");
      element.removeAttribute("data-cc-on-use");
      setUp(element, data);
    });
  }

  window.cityClassroom = {
    onEachPage: eachPage, setUpEach: setUpEach, readJson: readJson,
    mapLibraries: mapLibraries, drawMaps: drawMaps, assetsFor: assetsFor,
    instantly: function () { return pages > 1; }  // the page on screen came by instant navigation
  };
})();
