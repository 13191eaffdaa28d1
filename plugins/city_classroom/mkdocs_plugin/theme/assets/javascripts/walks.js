/* City as Classroom: easy walks and printed sheets.
 *
 * Easy walks (city pages): the checkboxes of form.cc-walk-filter show only the route
 * entries (.cc-route-entry) whose data attributes say "yes" to every ticked box:
 * data-step-free, data-seating, data-short, data-children (set at build time from
 * the stops' access facts and audiences). Without JavaScript the form stays hidden
 * and every walk shows.
 *
 * Sheets (walk sheets and plaque sheets): a "Print this sheet" button.
 *
 * Runs on first load and after Material's instant navigation.
 */
(function () {
  "use strict";

  function setUpFilter(form, labels) {
    labels = labels || {};
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var entries = Array.prototype.slice.call(document.querySelectorAll(".cc-route-entry"));
    var count = form.querySelector(".cc-walk-filter-count");

    function apply() {
      var wanted = boxes.filter(function (box) { return box.checked; })
                        .map(function (box) { return box.name; });
      var shown = 0;
      entries.forEach(function (entry) {
        var fits = wanted.every(function (name) { return entry.getAttribute("data-" + name) === "yes"; });
        entry.hidden = !fits;
        if (fits) shown += 1;
      });
      if (!wanted.length) {
        count.textContent = "";
      } else if (!shown) {
        count.textContent = labels.none || "";
      } else {
        count.textContent = (labels.count || "{shown}/{total}").replace("{shown}", shown)
                                                             .replace("{total}", entries.length);
      }
    }

    boxes.forEach(function (box) { box.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(); // a browser may restore ticked boxes on going back
  }

  function setUpPrint(button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  }

  cityClassroom.onEachPage(function () {
    cityClassroom.setUpEach("form.cc-walk-filter", "data-labels", setUpFilter);
    cityClassroom.setUpEach(".cc-print", null, setUpPrint);
  });
})();
