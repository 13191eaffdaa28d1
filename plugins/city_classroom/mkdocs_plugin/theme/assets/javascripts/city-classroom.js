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
 */
(function () {
  "use strict";

  function onEachPage(start) {
    if (typeof document$ !== "undefined") {
      document$.subscribe(start);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

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
