/* City as Classroom: the search page, on Pagefind's own interface (pagefind-ui.js).
 *
 * Loaded on every page. Material runs this file once, then emits document$ on first load and
 * after each instant navigation; wherever the page has a [data-cc-search] box (the theme's 
 * search.html), the search starts in it. pagefind-ui.js is loaded once, when first needed.
 *
 * Pagefind searches the index of the page's <html lang> and splits a Thai or Chinese query
 * into words with the browser's Intl.Segmenter itself (pagefind.js 1.5); the index was
 * built with the same word breaks (word_breaks.py), so no query processing is needed here.
 * The index holds those word breaks as zero-width spaces (in titles, each with a space);
 * they are taken out of the titles and excerpts shown, so that copied text is clean. A link to search/?q=words searches at once.
 */
(function () {
  "use strict";

  var shown = null;   /* the PagefindUI of the page on screen, if it is a search page */
  var loading = null; /* pagefind-ui.js, once */

  function loadInterface(bundle) {
    if (window.PagefindUI) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle + "pagefind-ui.js";
        script.onload = resolve;
        script.onerror = function () {
          loading = null;
          reject(new Error("Pagefind's interface could not be loaded from " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* A break is a zero-width space; in a title, a zero-width space and a space (word_breaks.py). */
  function withoutBreaks(text) {
    return typeof text === "string" ? text.replace(/\u200b /g, "").replace(/\u200b/g, "") : text;
  }

  function cleanResult(result) {
    result.meta.title = withoutBreaks(result.meta.title);
    result.excerpt = withoutBreaks(result.excerpt);
    (result.sub_results || []).forEach(function (sub) {
      sub.title = withoutBreaks(sub.title);
      sub.excerpt = withoutBreaks(sub.excerpt);
    });
    return result;
  }

  function start() {
    if (shown) {
      shown.destroy();
      shown = null;
    }
    var box = document.querySelector("[data-cc-search]");
    if (!box) return;
    var bundle = new URL(box.getAttribute("data-cc-search"), location.href).pathname;
    loadInterface(bundle).then(function () {
      if (!box.isConnected) return; /* the reader has already moved on */
      shown = new window.PagefindUI({
        element: box,
        bundlePath: bundle,
        showImages: false,
        showSubResults: false,
        autofocus: true,
        processResult: cleanResult,
        /* Thai vowel and tone marks are letters, not accents: มา (come) is not ม้า (horse). */
        exactDiacritics: document.documentElement.lang === "th"
      });
      var words = new URLSearchParams(location.search).get("q");
      if (words) shown.triggerSearch(words);
    });
  }

  cityClassroom.onEachPage(start);
})();
