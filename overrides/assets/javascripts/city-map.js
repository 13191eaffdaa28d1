/* City as Classroom: starts the maps of a page, on first load and after Material's
 * instant navigation, and makes their markers usable from the keyboard.
 *
 * Each map on a page is a function queued on window.ccMaps by an inline script
 * (written by the city-classroom plugin from folium's output). Material re-runs inline
 * scripts after instant navigation; once this file has run, ccMaps.push starts a map
 * at once.
 */
(function () {
  "use strict";

  /* folium builds popups with $(`<div>…</div>`)[0]; this is all of jQuery it needs.
     The HTML is built by the plugin, with every editor string escaped. */
  if (typeof window.$ !== "function") {
    window.$ = function (html) {
      var template = document.createElement("template");
      template.innerHTML = String(html).trim();
      return [template.content.firstElementChild];
    };
  }

  function accessible(map) {
    var container = map.getContainer();
    var lastMarker = null;
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.Marker)) return;
      var icon = layer.getElement && layer.getElement();
      if (icon && layer.options.title) {
        icon.setAttribute("aria-label", layer.options.title);
        icon.removeAttribute("title");
      }
      layer.on("popupopen", function () { lastMarker = layer; });
      layer.on("popupclose", function () {
        var element = lastMarker && lastMarker.getElement && lastMarker.getElement();
        if (element && container.contains(document.activeElement) === false) element.focus();
        else if (element) element.focus();
      });
    });
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
        event.stopPropagation();
        map.closePopup();
      }
    });
    container.querySelectorAll(".leaflet-control-layers-selector").forEach(function (box) {
      box.closest("label") && box.closest("label").classList.add("cc-layer-toggle");
    });
  }

  function start(make) {
    try {
      var map = make();
      if (map) accessible(map);
    } catch (error) {
      if (window.console) console.warn("city-classroom: a map could not start", error);
    }
  }

  function startQueued() {
    var queued = window.ccMaps;
    window.ccMaps = { push: start };
    if (Array.isArray(queued)) queued.forEach(start);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(startQueued);
  } else {
    document.addEventListener("DOMContentLoaded", startQueued);
  }
})();
