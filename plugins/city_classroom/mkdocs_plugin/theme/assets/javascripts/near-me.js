/* City as Classroom: "Near me" on a city page.
 *
 * With the reader's permission, the browser's own location is compared with the sites
 * embedded in the page (data-near-me: id, name, lat, lon, URL of each site, and the
 * widget's words); the five nearest are listed with their distance and direction.
 * Nothing leaves the device: no request is made. Without a location (refused, not
 * available, too slow), the reader picks a starting site from a list instead.
 *
 * city-classroom.js shows the box and fetches this file at the reader's first tap on it, then
 * hands the tap on; at once where the browser has no location to ask for (the list of sites).
 * Every editor string is put into the page with textContent. Runs on first load and
 * after Material's instant navigation.
 */
(function () {
  "use strict";

  var EARTH_RADIUS_M = 6371008.8; // as geo.py
  var COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];

  function rad(degrees) { return degrees * Math.PI / 180; }

  /* Great-circle distance in metres (haversine), as geo.distance_m. */
  function distance(lat1, lon1, lat2, lon2) {
    var p1 = rad(lat1), p2 = rad(lat2), dp = p2 - p1, dl = rad(lon2 - lon1);
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /* Eight-point compass direction from the first point to the second, as geo.compass_point. */
  function direction(lat1, lon1, lat2, lon2) {
    var p1 = rad(lat1), p2 = rad(lat2), dl = rad(lon2 - lon1);
    var bearing = Math.atan2(Math.sin(dl) * Math.cos(p2),
                             Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
    var degrees = ((bearing * 180 / Math.PI) % 360 + 360) % 360;
    return COMPASS[Math.round(degrees / 45) % 8];
  }

  function metres(value, labels) {
    if (value < 1000) return Math.round(value) + " " + labels.m;
    return (value / 1000).toFixed(1) + " " + labels.km;
  }

  function nearest(data, lat, lon, except) {
    return data.sites
      .filter(function (site) { return site.id !== except; })
      .map(function (site) {
        return { site: site, metres: distance(lat, lon, site.lat, site.lon),
                 direction: direction(lat, lon, site.lat, site.lon) };
      })
      .sort(function (a, b) { return a.metres - b.metres || (a.site.id < b.site.id ? -1 : 1); })
      .slice(0, data.nearest || 5);
  }

  function show(box, data, heading, found) {
    var labels = data.labels;
    box.querySelector(".cc-near-me-status").textContent = heading;
    var list = box.querySelector(".cc-near-me-list");
    list.textContent = "";
    found.forEach(function (item) {
      var entry = document.createElement("li");
      entry.setAttribute("data-site", item.site.id);
      var link = document.createElement("a");
      link.setAttribute("href", item.site.url);
      link.textContent = item.site.name;
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(": " + metres(item.metres, labels) + ", " +
                                                (labels["direction_" + item.direction] || item.direction)));
      list.appendChild(entry);
    });
  }

  function offerSites(box, data) {
    var pick = box.querySelector(".cc-near-me-pick");
    var select = box.querySelector(".cc-near-me-start");
    if (select.options.length <= 1) {
      data.sites.forEach(function (site) {
        var option = document.createElement("option");
        option.value = site.id;
        option.textContent = site.name;
        select.appendChild(option);
      });
    }
    pick.hidden = false;
  }

  function setUp(box, data) {
    var labels = data.labels;
    var status = box.querySelector(".cc-near-me-status");
    var button = box.querySelector(".cc-near-me-locate");
    var select = box.querySelector(".cc-near-me-start");

    function denied() {
      box.setAttribute("data-located", "no");
      status.textContent = labels.near_me_denied;
      box.querySelector(".cc-near-me-list").textContent = "";
      offerSites(box, data);
    }

    button.addEventListener("click", function () {
      if (!navigator.geolocation) { denied(); return; }
      status.textContent = labels.near_me_waiting;
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        box.setAttribute("data-located", "yes");
        show(box, data, labels.near_me_from_you, nearest(data, lat, lon, null));
      }, denied, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });

    select.addEventListener("change", function () {
      var start = data.sites.filter(function (site) { return site.id === select.value; })[0];
      if (!start) return;
      show(box, data, labels.near_me_from_site.replace("{name}", start.name),
           nearest(data, start.lat, start.lon, start.id));
    });

    if (!navigator.geolocation) offerSites(box, data);
    box.hidden = false;
  }

  cityClassroom.onEachPage(function () {
    cityClassroom.setUpEach(".cc-near-me[data-near-me]", "data-near-me", setUp);
  });
})();
