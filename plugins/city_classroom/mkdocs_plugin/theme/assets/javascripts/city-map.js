/* City as Classroom: draws a map when it comes near the screen, and makes its markers usable
 * from the keyboard.
 *
 * A map is a <div class="cc-map" data-cc-map="{...}"> written by the city-classroom plugin
 * (maps.py); its data attribute holds, as JSON, the tiles (URL template, attribution, zoom
 * limit), the bounds to fit, the markers, popups, line and layers, and the words of its
 * gesture hints. The page has no script of its own for it: the site's Content-Security-Policy
 * allows no inline script but the theme's own. city-classroom.js fetches Leaflet (with marker
 * clustering where a map clusters) and this file when a map comes near the screen, then calls
 * cityClassroom.drawMap(container), which builds the map with the options folium 0.20 used
 * to write; maps of pages left by Material's instant navigation are let go on its document$.
 *
 * Pins never cover one another (WCAG 2.5.8, a 24 px target each): at every zoom, pins whose
 * boxes would overlap are spread apart around where they stand, each tied to its place by a
 * short leader line (spread, below). Their order in the page, which is the keyboard's, stays
 * the stop order or site order: a pin is moved, never taken out and put back.
 *
 * The page scrolls past a map (gestures, below): one finger or the mouse wheel moves the page,
 * two fingers or Ctrl + wheel move and zoom the map, and a hint in the page's language says so.
 *
 * Every editor string in the data is put into the page with textContent, never as HTML.
 * The attribution is HTML set by the site's maintainer in mkdocs.yml, given to Leaflet as is.
 */
(function () {
  "use strict";

  var CATEGORY = /^[a-z]+$/;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function popup(point, linkText) {
    return function () {
      var box = element("div", "cc-popup");
      var name = element("p", "cc-popup-name");
      name.appendChild(element("strong", "", point.name));
      box.appendChild(name);
      if (point.summary) box.appendChild(element("p", "", point.summary));
      var link = element("a", "", linkText);
      link.setAttribute("href", point.href);
      box.appendChild(element("p")).appendChild(link);
      return box;
    };
  }

  /* A div icon whose element carries an accessible name (Leaflet remakes icons as
     markers come and go, in clusters too). */
  var NamedIcon = null;

  function namedIcon(options) {
    NamedIcon = NamedIcon || L.DivIcon.extend({
      createIcon: function (old) {
        var icon = L.DivIcon.prototype.createIcon.call(this, old);
        if (this.options.name) icon.setAttribute("aria-label", this.options.name);
        return icon;
      }
    });
    return new NamedIcon(options);
  }

  var PIN = 32;      // a pin's box, in CSS px (city.css .cc-pin)
  var APART = PIN + 2;  // the least distance, across and down, between two pins' centres

  function marker(point, linkText) {
    var category = CATEGORY.test(point.category) ? point.category : "mixed";
    var pin = element("span", "cc-pin cc-" + category, point.mark);
    pin.setAttribute("aria-hidden", "true");
    var made = L.marker([point.lat, point.lon], {
      keyboard: true,
      icon: namedIcon({ html: pin, name: point.name, className: "cc-marker", iconSize: [PIN, PIN],
                            iconAnchor: [PIN / 2, PIN / 2], popupAnchor: [0, -14] })
    });
    made.home = L.latLng(point.lat, point.lon);  // where the place is; the pin may be moved off it
    made.bindPopup(popup(point, linkText), { maxWidth: 260 });
    return made;
  }

  function legend(layer) {
    var category = CATEGORY.test(layer.category) ? layer.category : "mixed";
    var label = element("span", "cc-legend");
    label.appendChild(element("span", "cc-swatch cc-" + category)).setAttribute("aria-hidden", "true");
    label.appendChild(document.createTextNode(" " + layer.legend));
    return label.outerHTML; // Leaflet's layer control takes HTML; the legend's text is escaped by the DOM
  }

  function clusterGroup(words) {
    return L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var html = element("div");
        html.appendChild(element("span", "", String(count)));
        return namedIcon({ html: html, name: words.replace("{count}", count),
                               className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40] });
      }
    });
  }

  /* A category's colour, named once, in city.css (--cc-heritage, ...). */
  function colour(element, category) {
    return getComputedStyle(element).getPropertyValue("--cc-" + category).trim() || "#37474f";
  }

  /* Where each pin of a group goes: a grid of cells APART wide, centred on the group's middle,
     filled row by row from the top and, in a row, from the left, so that pins keep their
     places' order across and down; a group taller than wide gets more rows than columns. */
  function cells(group) {
    var n = group.length;
    if (n === 1) return [group[0].at];
    var xs = group.map(function (pin) { return pin.at.x; });
    var ys = group.map(function (pin) { return pin.at.y; });
    var wide = Math.max.apply(null, xs) - Math.min.apply(null, xs) >= Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var across = Math.ceil(Math.sqrt(n));
    if (!wide) across = Math.ceil(n / across);
    var down = Math.ceil(n / across);
    var middle = L.point(xs.reduce(function (a, b) { return a + b; }, 0) / n,
                         ys.reduce(function (a, b) { return a + b; }, 0) / n);
    var order = group.map(function (pin, index) { return index; });
    var inRows = function (a, b) { return group[a].at.y - group[b].at.y || group[a].at.x - group[b].at.x || a - b; };
    order.sort(inRows);
    var places = new Array(n);
    for (var row = 0; row * across < n; row++) {
      var line = order.slice(row * across, (row + 1) * across);
      line.sort(function (a, b) { return group[a].at.x - group[b].at.x || a - b; });
      line.forEach(function (index, column) {
        places[index] = L.point(middle.x + (column - (line.length - 1) / 2) * APART,
                                middle.y + (row - (down - 1) / 2) * APART);
      });
    }
    return places;
  }

  function crowded(a, b) {
    return Math.abs(a.x - b.x) < APART && Math.abs(a.y - b.y) < APART;
  }

  /* Pins (at their places, in layer pixels) into groups whose spread cells overlap no other
     group's: start with a group per pin and join any two groups with overlapping cells, until
     none overlap. It ends: every join makes one group fewer, and one group never overlaps. */
  function spreadOut(pins) {
    var groups = pins.map(function (pin) { return [pin]; });
    for (;;) {
      var placed = groups.map(cells);
      var join = null;
      for (var g = 0; g < groups.length && !join; g++) {
        for (var h = g + 1; h < groups.length && !join; h++) {
          for (var i = 0; i < placed[g].length && !join; i++) {
            for (var j = 0; j < placed[h].length && !join; j++) {
              if (crowded(placed[g][i], placed[h][j])) join = [g, h];
            }
          }
        }
      }
      if (!join) {
        groups.forEach(function (group, g) {
          group.forEach(function (pin, i) { pin.to = placed[g][i]; });
        });
        return pins;
      }
      groups[join[0]] = groups[join[0]].concat(groups[join[1]]);
      groups.splice(join[1], 1);
    }
  }

  /* Spreads the map's shown pins for its zoom, and ties each moved pin to its place with a
     leader line and a dot; again at each zoom and whenever a category is shown or hidden. */
  function spread(map, markers) {
    var leaders = L.layerGroup().addTo(map);
    var ink = colour(map.getContainer(), "mixed");
    function again() {
      leaders.clearLayers();
      var shown = markers.filter(function (m) { return map.hasLayer(m); });
      var pins = shown.map(function (m) { return { marker: m, at: map.latLngToLayerPoint(m.home) }; });
      spreadOut(pins).forEach(function (pin) {
        var moved = pin.to.distanceTo(pin.at) >= 1;
        var where = moved ? map.layerPointToLatLng(pin.to) : pin.marker.home;
        pin.marker.setLatLng(where);
        if (moved) {
          L.polyline([pin.marker.home, where], { color: ink, weight: 2, opacity: 0.9, interactive: false,
                                                  className: "cc-leader" }).addTo(leaders);
          L.circleMarker(pin.marker.home, { radius: 3, color: "#fff", weight: 1, fillColor: ink, fillOpacity: 1,
                                            interactive: false, className: "cc-leader" }).addTo(leaders);
        }
      });
      map.getContainer().setAttribute("data-cc-spread", String(map.getZoom()));  // the zoom the pins are spread for
    }
    map.on("zoomend viewreset overlayadd overlayremove", again);
    again();
  }

  function draw(map, data) {
    if (data.line && data.line.length > 1) {
      L.polyline(data.line, { color: colour(map.getContainer(), "mixed"), weight: 5, opacity: 0.8, interactive: false,
                              dashArray: data.dashed ? "8 8" : null }).addTo(map);
    }
    var markers = [];  // every pin, in the page's order, unless clusters hold them
    (data.points || []).forEach(function (point) {
      markers.push(marker(point, data.link).addTo(map));
    });
    var top = 28; // the padding above the pins when the view is fitted
    if (data.layers) {
      var overlays = {};
      /* A large city's pins are clustered in one group for all categories, so that clusters of
         different categories never cover one another; each category's entry in the layer control
         is then an empty stand-in that takes its pins out of the clusters and puts them back. */
      var clusters = data.cluster && L.markerClusterGroup ? clusterGroup(data.clusterLabel || "{count}") : null;
      data.layers.forEach(function (layer) {
        var pins = layer.points.map(function (point) { return marker(point, data.link); });
        var group = clusters ? L.layerGroup() : L.featureGroup(pins);
        if (clusters) {
          group.ccPins = pins;
          clusters.addLayers(pins);
        } else {
          markers.push.apply(markers, pins);
        }
        group.addTo(map);
        overlays[legend(layer)] = group;
      });
      if (clusters) {
        clusters.addTo(map);
        map.on("overlayadd", function (event) { if (event.layer.ccPins) clusters.addLayers(event.layer.ccPins); });
        map.on("overlayremove", function (event) { if (event.layer.ccPins) clusters.removeLayers(event.layer.ccPins); });
      }
      var filters = L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
      // no pin under the category boxes (a pin they cover is no target for a finger): the pins
      // are fitted below them
      top = Math.max(top, filters.getContainer().offsetHeight + 16);
    }
    // The view is set only now; the tile layer comes after it (start).
    map.fitBounds(data.bounds, { paddingTopLeft: [28, top], paddingBottomRight: [28, 28], maxZoom: data.maxZoom || 17 });
    spread(map, markers);
  }

  function accessible(map) {
    var container = map.getContainer();
    var open = null;       // the marker whose popup is open
    var byKey = null;      // the marker that Enter was pressed on
    map.on("popupopen", function (event) {
      open = event.popup._source || null;
      if (open && open === byKey) {
        var link = event.popup.getElement().querySelector(".leaflet-popup-content a");
        if (link) link.focus({ preventScroll: true });
      }
      byKey = null;
    });
    map.on("popupclose", function (event) {
      var closed = event.popup._source;
      if (open === closed) open = null;
      window.setTimeout(function () {
        // Back to the marker, unless another popup opened or the reader went elsewhere.
        var here = document.activeElement;
        var lost = !here || here === document.body || container.contains(here);
        var icon = closed && closed.getElement && closed.getElement();
        if (open === null && lost && icon && container.contains(icon)) icon.focus({ preventScroll: true });
      }, 0);
    });
    container.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.classList.contains("leaflet-marker-icon")) {
        map.eachLayer(function (layer) {
          if (layer instanceof L.Marker && layer.getElement() === event.target) byKey = layer;
        });
      }
      if (event.key === "Escape" && open) {
        event.stopPropagation();
        map.closePopup();
      }
    });
  }

  /* The map itself, as folium wrote it: no view yet (the data's bounds set it), a scale.
     Its zoom limits are the tiles', set here because the tile layer comes only after the
     fit, and marker clusters need the map's maximum zoom as soon as they are added. Dragging
     is off until a mouse comes over the map (gestures). */
  function makeMap(container, tiles) {
    var map = L.map(container, {
      crs: L.CRS.EPSG3857, zoom: 1, zoomControl: true, preferCanvas: false, dragging: false,
      minZoom: 0, maxZoom: tiles.maxZoom
    });
    L.control.scale().addTo(map);
    return map;
  }

  var HINT_MS = 1500;  // how long a gesture hint stays after the last gesture that called for it
  var MAC = /Mac|iPhone|iPad/.test(navigator.platform || "");

  /* The page scrolls past the map. On a touch screen one finger scrolls the page (dragging is
     off, so leaflet.css leaves the page's panning to the browser: touch-action pan-x pan-y)
     and two fingers move and zoom the map (Leaflet's pinch follows their middle); a mouse
     drags the map while it is over it. The wheel scrolls the page; with Ctrl (⌘ on a Mac, or
     a touchpad's pinch) it zooms the map. A finger or a wheel that moved the page over the map
     shows a hint, in the page's language, of how to move the map instead. (The work of
     Leaflet.GestureHandling, whose hints follow the browser's language, in fifty of them.) */
  function gestures(map, words) {
    var container = map.getContainer();
    var hint = element("p", "cc-map-hint");
    hint.hidden = true;
    hint.appendChild(element("span"));
    container.appendChild(hint);
    var timer = null;
    var dragging = false;
    var over = false;

    function show(text) {
      if (!text) return;
      if (hint.firstChild.textContent !== text) hint.firstChild.textContent = text;
      hint.hidden = false;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { hint.hidden = true; }, HINT_MS);
    }

    function hide() {
      window.clearTimeout(timer);
      hint.hidden = true;
    }

    function onTheMap(target) {  // not on a control (zoom, layers) or in a popup
      return !(target instanceof Element) || !target.closest(".leaflet-control-container, .leaflet-popup");
    }

    container.addEventListener("pointerover", function (event) {
      over = event.pointerType === "mouse";
      if (over) map.dragging.enable();
    });
    container.addEventListener("pointerleave", function (event) {
      if (event.pointerType !== "mouse") return;
      over = false;
      if (!dragging) map.dragging.disable();
    });
    container.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse" && !dragging) map.dragging.disable();
    }, true);
    map.on("dragstart", function () { dragging = true; });
    map.on("dragend", function () {
      dragging = false;
      if (!over) map.dragging.disable();
    });

    container.addEventListener("touchmove", function (event) {
      if (event.touches.length > 1) hide();
      else if (onTheMap(event.target)) show(words.touch);
    }, { passive: true });

    /* Leaflet zooms on the wheel events that reach it: only those with Ctrl or ⌘ do. */
    container.addEventListener("wheel", function (event) {
      if (event.ctrlKey || event.metaKey) {
        hide();
        return;
      }
      event.stopPropagation();
      if (onTheMap(event.target)) show(String(words.scroll || "").replace("{keys}", MAC ? "⌘" : "Ctrl"));
    }, { capture: true, passive: true });
  }

  /* Added once the map is fitted: tiles are fetched for this place only. A map whose tiles
     cannot load still shows its markers and line, drawn before. */
  function tileLayer(tiles) {
    return L.tileLayer(tiles.url, {
      minZoom: 0, maxZoom: tiles.maxZoom, maxNativeZoom: tiles.maxZoom, noWrap: false,
      attribution: tiles.attribution, subdomains: "abc", detectRetina: false, tms: false, opacity: 1
    });
  }

  var started = [];  // { container, map } of every map started, until its page is left

  function start(container) {
    try {
      var data = cityClassroom.readJson(container, "data-cc-map");
      var map = makeMap(container, data.tiles);
      started.push({ container: container, map: map });
      gestures(map, data.gestures || {});
      draw(map, data);
      tileLayer(data.tiles).addTo(map);
      accessible(map);
    } catch (error) {
      if (window.console) console.error("city-classroom: a map could not start", error);
    }
  }

  /* Maps of a page left by instant navigation: their listeners on window go with them. */
  function forgetDetached() {
    started = started.filter(function (entry) {
      if (entry.container.isConnected) return true;
      try { entry.map.remove(); } catch (error) { /* already gone with its page */ }
      return false;
    });
  }

  function isStarted(container) {
    return started.some(function (entry) { return entry.container === container; });
  }

  /* Called by city-classroom.js once the map is near the screen and its libraries are here. */
  window.cityClassroom.drawMap = function (container) {
    forgetDetached();
    if (!isStarted(container)) start(container);
  };

  cityClassroom.onEachPage(forgetDetached);
})();
