/* City as Classroom: "Open now · closes 16:00" / "Closed · opens Wed 09:00" on a site page.
 *
 * div.cc-opening's data-opening holds the site's usual week in the city's own time (spans of
 * minutes from Monday 00:00, worked out at build time from its opening_hours), the city's time
 * zone, the day names and the words, all in the page's language. The device's clock is read in
 * the city's time zone with Intl.DateTimeFormat, whatever the device's own zone, and the status
 * line is shown above the week table (which is there without scripts). Public holidays are not
 * known here, as the page says. Words go in with textContent. Runs on first load and after
 * Material's instant navigation; the line is worked out again each minute.
 */
(function () {
  "use strict";

  var DAY = 1440;
  var WEEK = 7 * DAY;
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  function minuteOfWeek(timezone, now) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(now).forEach(function (part) { parts[part.type] = part.value; });
    var day = WEEKDAYS[parts.weekday];
    if (day === undefined) return null;
    return day * DAY + (parseInt(parts.hour, 10) % 24) * 60 + parseInt(parts.minute, 10);
  }

  function clock(minutes) {
    var within = ((minutes % DAY) + DAY) % DAY;
    var h = Math.floor(within / 60);
    var m = within % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  /* The spans laid twice around the circle, so that a span over Sunday midnight is whole. */
  function circle(spans) {
    var laid = [];
    spans.forEach(function (s) { laid.push([s[0], s[1]]); });
    spans.forEach(function (s) { laid.push([s[0] + WEEK, s[1] + WEEK]); });
    var merged = [];
    laid.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  /* When (minutes of the week, may pass WEEK) something happens, as "16:00" today or "Wed 09:00". */
  function when(at, now, days) {
    var sameDay = Math.floor(at / DAY) === Math.floor(now / DAY) && at - now < DAY;
    var time = clock(at);
    return sameDay ? time : days[Math.floor(at / DAY) % 7] + " " + time;
  }

  function status(data, now) {
    var labels = data.labels || {};
    var spans = circle(data.spans || []);
    if (spans.length === 1 && spans[0][0] <= 0 && spans[0][1] >= 2 * WEEK) return labels.hours_open_always;
    for (var i = 0; i < spans.length; i += 1) {
      var s = spans[i];
      if (s[0] <= now && now < s[1]) {
        return labels.hours_open_closes.replace("{time}", when(s[1], now, data.days));
      }
      if (s[0] > now) return labels.hours_closed_opens.replace("{time}", when(s[0], now, data.days));
    }
    return labels.hours_closed_now;
  }

  function setUpOpening(box, data) {
    var line = box.querySelector(".cc-open-now");
    if (!line || !data || !data.timezone || !data.labels) return;
    function show() {
      var now = minuteOfWeek(data.timezone, new Date());
      if (now === null) return;
      var text = status(data, now);
      if (line.textContent !== text) line.textContent = text;  // a live region: speak changes only
      line.hidden = false;
      var today = Math.floor(now / DAY);
      box.querySelectorAll("tr[data-day]").forEach(function (row) {
        if (row.getAttribute("data-day") === String(today)) row.setAttribute("aria-current", "date");
        else row.removeAttribute("aria-current");
      });
    }
    show();
    var timer = window.setInterval(function () {
      if (!document.body.contains(box)) window.clearInterval(timer);
      else show();
    }, 60000);
  }

  cityClassroom.onEachPage(function () {
    cityClassroom.setUpEach("div.cc-opening", "data-opening", setUpOpening);
  });
})();
