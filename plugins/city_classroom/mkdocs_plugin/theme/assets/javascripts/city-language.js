/* City as Classroom: keeps the language menu pointing at this very page.
 *
 * Material's instant navigation swaps the page's content and <head> links but keeps the
 * header, so the menu's links (the theme's partials/alternate.html) would still lead to the
 * translations of the first page read. After each navigation they are set again from the
 * page's own hreflang links; a language the page lacks is hidden. They keep the address's
 * query: a site page reached from a route (`?walk=<route>`, "Stop 3 of 7") stays on that
 * route in the other language.
 *
 * Switching language loads the whole page (the menu's links have target="_self"). Should an
 * instant navigation still land on a page of another language (a link in a hand-written
 * page), the page is loaded again, so that <html lang> and the header follow it.
 *
 * city-classroom.js fetches this file after the first instant navigation, or on a page whose
 * address has a query: elsewhere the menu of the page first loaded is right as the theme wrote
 * it. A page loaded whole is in its own language: only one reached by instant navigation can
 * be in another, and is loaded again (never one loaded whole: no reload after reload).
 */
(function () {
  "use strict";

  function withoutHash(url) {
    var parsed = new URL(url, location.href);
    parsed.hash = "";
    parsed.search = "";
    return parsed.href;
  }

  function translations() {
    var found = {};
    document.querySelectorAll('head link[rel~="alternate"][hreflang]').forEach(function (link) {
      found[link.hreflang] = link.href;
    });
    return found;
  }

  /* The translation at `href`, with this address's query (not its #part: headings differ). */
  function keepingQuery(href) {
    var url = new URL(href, location.href);
    url.search = location.search;
    return url.href;
  }

  cityClassroom.onEachPage(function () {
    var links = translations();
    var here = withoutHash(location.href);
    var language = Object.keys(links).filter(function (lang) {
      return withoutHash(links[lang]) === here;
    })[0];
    if (cityClassroom.instantly() && language && language !== document.documentElement.lang) {
      location.reload();
      return;
    }
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var item = link.closest(".md-select__item") || link;
      var href = links[link.hreflang];
      item.hidden = !href;
      if (href) link.href = keepingQuery(href);
      if (link.hreflang === language) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  });
})();
