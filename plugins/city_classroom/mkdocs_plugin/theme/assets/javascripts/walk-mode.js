/* City as Classroom: walk mode on a route page ("Start the walk").
 *
 * One stop at a time: its number, name, summary, look/ask/try prompts, its recorded story
 * (if any), "Listen" (read-aloud.js), and the leg to the next stop (distance, minutes at the
 * relaxed pace and compass direction, all worked out at build time: rendering/walk_mode.py
 * puts them in section.cc-walk-mode's data-walk-mode).
 *
 * - "Next stop" / "Previous stop" step by hand, with or without a position.
 * - "Follow my position", with the reader's permission, watches the phone's position
 *   (navigator.geolocation.watchPosition; nothing leaves the device): the distance and
 *   direction to the stop ahead, as the reader walks; within the walk's radius (the plugin's
 *   `arrival_radius_m`) that stop counts as reached and becomes the current one. Refused or
 *   without a fix: the buttons do the same. The watch ends with the walk, when the page is
 *   left, and when Material's instant navigation swaps the page away; it starts again when
 *   the reader comes back to a walk they were following (reload, back button).
 * - The current stop is announced in a live region (role=status) for screen readers.
 * - The place in the walk (stop, reached, following) is kept in localStorage, keyed by the
 *   route page's address, so that a reload, or a saved walk opened offline, goes on from there.
 *
 * city-classroom.js shows "Start the walk" and fetches this file (after read-aloud.js) at the
 * reader's first tap on it, then hands the tap on; at once where a walk is going on (KEY).
 * Without JavaScript the section stays hidden and the route page is as it always was.
 * Editor text goes in with textContent only. Runs on first load and after instant navigation.
 */
(function () {
  "use strict";

  var EARTH_RADIUS_M = 6371008.8; // as geo.py
  var COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
  var KEY = "cc-walk:";

  var active = null; // the walk on screen: {section, stopFollowing()}

  function rad(degrees) { return degrees * Math.PI / 180; }

  function distance(lat1, lon1, lat2, lon2) { // haversine, as geo.distance_m
    var p1 = rad(lat1), p2 = rad(lat2), dp = p2 - p1, dl = rad(lon2 - lon1);
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function direction(lat1, lon1, lat2, lon2) { // as geo.compass_point
    var p1 = rad(lat1), p2 = rad(lat2), dl = rad(lon2 - lon1);
    var bearing = Math.atan2(Math.sin(dl) * Math.cos(p2),
                             Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
    return COMPASS[Math.round((((bearing * 180 / Math.PI) % 360 + 360) % 360) / 45) % 8];
  }

  function fill(words, values) {
    return String(words).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function storageKey() { return KEY + location.pathname; }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey()) || "null");
      return saved && typeof saved.index === "number" ? saved : null;
    } catch (error) {
      return null;
    }
  }

  function keep(state) {
    try {
      if (state) window.localStorage.setItem(storageKey(), JSON.stringify(state));
      else window.localStorage.removeItem(storageKey());
    } catch (error) { /* private browsing: the place is not kept */ }
  }

  function setUp(section, data) {
    var labels = data.labels, stops = data.stops, radius = data.radius;
    var panel = section.querySelector(".cc-walk-panel");
    var begin = section.querySelector(".cc-walk-begin");
    var startButton = section.querySelector(".cc-walk-start");
    var name = section.querySelector(".cc-walk-name");
    var live = section.querySelector(".cc-walk-live");
    var announce = section.querySelector(".cc-walk-announce");
    var previous = section.querySelector(".cc-walk-previous");
    var next = section.querySelector(".cc-walk-next");
    var follow = section.querySelector(".cc-walk-follow");
    var figure = section.querySelector(".cc-walk-recording");
    var player = figure.querySelector("audio");
    var state = { on: false, index: 0, reached: false, following: false };
    var watch = null;

    function metres(value) {
      if (value < 1000) return Math.round(value) + " " + labels.m;
      return (value / 1000).toFixed(1) + " " + labels.km;
    }

    function say(text) {
      section.setAttribute("data-announced", text);
      announce.textContent = text;
    }

    var listen = window.cityClassroom.readAloud.attach(
      section.querySelector(".cc-listen"), data.listen, function () {
        var stop = stops[state.index];
        return { lang: data.lang, pieces: stop.pieces, recording: stop.recording ? player : null };
      });

    /* An editor's text in the page's language, or (a fallback) marked with its own. */
    function words(element, text, lang) {
      element.textContent = text;
      if (lang && lang !== document.documentElement.lang) element.setAttribute("lang", lang);
      else element.removeAttribute("lang");
      return element;
    }

    function draw() {
      var stop = stops[state.index];
      listen.stop();
      section.setAttribute("data-stop", String(stop.number));
      section.setAttribute("data-reached", state.reached ? "yes" : "no");
      section.querySelector(".cc-walk-position").textContent = stop.position;
      words(name, stop.name, stop.languages.name);
      words(section.querySelector(".cc-walk-summary"), stop.summary, stop.languages.summary);
      var prompts = section.querySelector(".cc-walk-prompts");
      prompts.textContent = "";
      stop.prompts.forEach(function (prompt) {
        var line = document.createElement("p");
        line.className = "cc-walk-prompt cc-" + prompt.kind;
        var strong = document.createElement("strong");
        strong.textContent = prompt.label;
        line.appendChild(strong);
        line.appendChild(document.createTextNode(": "));
        line.appendChild(words(document.createElement("span"), prompt.text, prompt.lang));
        prompts.appendChild(line);
      });
      if (stop.recording) {
        if (player.getAttribute("src") !== stop.recording.url) player.setAttribute("src", stop.recording.url);
        figure.querySelector("figcaption").textContent = stop.recording.credit + " · " + stop.recording.license;
        figure.hidden = false;
      } else {
        player.pause();
        player.removeAttribute("src");
        figure.hidden = true;
      }
      var following = stops[state.index + 1];
      section.querySelector(".cc-walk-leg").textContent = stop.leg && following
        ? fill(labels.walk_leg, { name: following.name, distance: metres(stop.leg.metres),
                                  minutes: stop.leg.minutes,
                                  direction: labels["direction_" + stop.leg.direction] || stop.leg.direction })
        : labels.walk_last;
      section.querySelector(".cc-walk-page").setAttribute("href", stop.url);
      previous.disabled = state.index === 0;
      next.disabled = state.index === stops.length - 1;
      live.textContent = "";
      keep(state);
    }

    function goTo(index, reached, words) {
      state.index = Math.max(0, Math.min(stops.length - 1, index));
      state.reached = reached;
      draw();
      var stop = stops[state.index];
      say(fill(words, { number: stop.number, count: stops.length, name: stop.name }));
    }

    /* The stop the reader is walking to: the current one until it is reached, then the next. */
    function ahead() {
      return state.reached ? stops[state.index + 1] : stops[state.index];
    }

    function located(position) {
      var lat = position.coords.latitude, lon = position.coords.longitude;
      section.setAttribute("data-located", "yes");
      var target = ahead();
      if (!target) {
        live.textContent = "";
        return;
      }
      var away = distance(lat, lon, target.lat, target.lon);
      if (away <= radius) {
        goTo(target.number - 1, true, labels.walk_arrived);
        target = ahead();
        if (!target) return;
        away = distance(lat, lon, target.lat, target.lon);
      }
      section.setAttribute("data-distance", String(Math.round(away)));
      live.textContent = fill(labels.walk_to, {
        distance: metres(away), name: target.name,
        direction: labels["direction_" + direction(lat, lon, target.lat, target.lon)]
      });
    }

    function lost(error) {
      section.setAttribute("data-located", "no");
      live.textContent = labels.walk_no_position;
      if (error && error.code === 1) stopFollowing(); // refused: the buttons it is
    }

    function startFollowing() {
      if (!navigator.geolocation) { lost({ code: 1 }); return; }
      if (watch !== null) return;
      state.following = true;
      keep(state);
      follow.hidden = true;
      live.textContent = labels.walk_waiting;
      watch = navigator.geolocation.watchPosition(located, lost,
        { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
      section.setAttribute("data-following", "yes");
    }

    function stopFollowing(forget) {
      if (watch !== null) navigator.geolocation.clearWatch(watch);
      watch = null;
      follow.hidden = false;
      section.setAttribute("data-following", "no");
      if (forget !== false) {
        state.following = false;
        if (state.on) keep(state);
      }
    }

    function open(words) {
      state.on = true;
      begin.hidden = true;
      panel.hidden = false;
      active = {
        section: section,
        stopFollowing: function () { stopFollowing(false); listen.stop(); },
        resume: function () { if (state.on && state.following) startFollowing(); }
      };
      goTo(state.index, state.reached, words);
    }

    function end() {
      stopFollowing();
      listen.stop();
      player.pause();
      state = { on: false, index: 0, reached: false, following: false };
      keep(null);
      panel.hidden = true;
      begin.hidden = false;
      section.removeAttribute("data-stop");
      if (active && active.section === section) active = null;
      startButton.focus();
    }

    startButton.addEventListener("click", function () {
      open(labels.walk_announce);
      name.focus();
    });
    next.addEventListener("click", function () { goTo(state.index + 1, false, labels.walk_announce); });
    previous.addEventListener("click", function () { goTo(state.index - 1, false, labels.walk_announce); });
    follow.addEventListener("click", startFollowing);
    section.querySelector(".cc-walk-end").addEventListener("click", end);
    section.hidden = false;

    var saved = load();
    if (saved && saved.on && saved.index < stops.length) {
      state = { on: true, index: saved.index, reached: !!saved.reached, following: !!saved.following };
      open(labels.walk_announce);
      if (state.following) startFollowing();
    }
  }

  /* Leaving the page ends the watch: on a full load (pagehide), and on Material's instant
   * navigation, after which the walk's section is no longer in the document. */
  function leaveIfGone() {
    if (active && !document.body.contains(active.section)) {
      active.stopFollowing();
      active = null;
    }
  }
  window.addEventListener("pagehide", function () { if (active) active.stopFollowing(); });
  window.addEventListener("pageshow", function (event) { // back from the browser's page cache
    if (event.persisted && active && document.body.contains(active.section)) active.resume();
  });
  if (typeof location$ !== "undefined" && location$.subscribe) location$.subscribe(leaveIfGone);

  cityClassroom.onEachPage(function () {
    leaveIfGone();
    cityClassroom.setUpEach("section.cc-walk-mode[data-walk-mode]", "data-walk-mode", setUp);
  });
})();
