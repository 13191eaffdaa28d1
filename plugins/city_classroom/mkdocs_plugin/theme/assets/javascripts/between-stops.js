/* City as Classroom: between stops, on a site page reached from a route.
 *
 * The stop links of route pages and walk sheets carry the route: `?walk=<route id>`. A site
 * page lists, in nav.cc-between's data-walks, every route through it with the site's place
 * on it (stop 3 of 7), the next and previous stops and the route's page. When the page's
 * address names one of those routes, the box shows "Stop 3 of 7", a link back to the route
 * and links to the previous and next stops, which keep `?walk=` so that the reader can keep
 * stepping. Without `?walk=`, or with a route that does not pass here, the box stays hidden.
 *
 * Editor text (names, titles) goes in with textContent only. Runs on first load and after
 * Material's instant navigation.
 */
(function () {
  "use strict";

  function walkFromAddress(parameter) {
    try {
      return new URLSearchParams(window.location.search).get(parameter || "walk");
    } catch (error) {
      return null;
    }
  }

  function link(anchor, href, text) {
    anchor.setAttribute("href", href);
    anchor.textContent = text;
    anchor.hidden = false;
  }

  function setUpBetween(nav, data) {
    var id = walkFromAddress(data && data.parameter);
    var walks = (data && data.walks) || [];
    var walk = null;
    for (var i = 0; i < walks.length; i += 1) {
      if (id && walks[i].id === id) walk = walks[i];
    }
    if (!walk) return;
    var keep = "?" + encodeURIComponent(data.parameter || "walk") + "=" + encodeURIComponent(walk.id);
    link(nav.querySelector(".cc-between-walk"), walk.url, walk.title);
    nav.querySelector(".cc-between-position").textContent = walk.position;
    [["previous", ".cc-between-previous"], ["next", ".cc-between-next"]].forEach(function (pair) {
      var anchor = nav.querySelector(pair[1]);
      var stop = walk[pair[0]];
      if (stop) {
        link(anchor, stop.url + keep, stop.label);
      } else {
        anchor.removeAttribute("href");
        anchor.hidden = true;
      }
    });
    nav.hidden = false;
  }

  cityClassroom.onEachPage(function () {
    cityClassroom.setUpEach("nav.cc-between", "data-walks", setUpBetween);
  });
})();
