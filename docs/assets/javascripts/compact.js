/*
 * The compact view of a machine's latest results (bench/site/benchmarks/compact.py): show the
 * panel of the phase and precision the reader picks, and keep the choice in the URL's query
 * string (?phase=train&precision=bf16), so that a link, a reload, and back and forward show
 * the same table. Every panel is in the page; without this script the default one shows and
 * the choice stays hidden.
 *
 * Also opens a network's collapsed details when the URL's fragment names its heading (a link
 * from the compact table or from elsewhere: one click reaches the details, not two).
 *
 * Set up in a document$ subscription (mkdocs-material's page-change stream) where there is one,
 * so that it survives the theme's page changes; no request leaves the page.
 */
(function () {
  "use strict";

  var KEYS = ["phase", "precision"];

  function values(root, name) {
    return Array.prototype.map.call(root.querySelectorAll('input[name="' + name + '"]'), function (input) {
      return input.value;
    });
  }

  // The choice the URL asks for, each part that the page does not offer replaced by the default.
  function wanted(root) {
    var params = new URLSearchParams(window.location.search);
    var choice = {};
    KEYS.forEach(function (key) {
      var value = params.get(key);
      choice[key] = values(root, key).indexOf(value) >= 0 ? value : root.getAttribute("data-" + key);
    });
    return choice;
  }

  function show(root, choice) {
    KEYS.forEach(function (key) {
      root.querySelectorAll('input[name="' + key + '"]').forEach(function (input) {
        input.checked = input.value === choice[key];
      });
    });
    root.querySelectorAll("[data-bx-panel]").forEach(function (panel) {
      panel.hidden = !KEYS.every(function (key) { return panel.getAttribute("data-" + key) === choice[key]; });
    });
  }

  function chosen(root) {
    var choice = {};
    KEYS.forEach(function (key) {
      var input = root.querySelector('input[name="' + key + '"]:checked');
      choice[key] = input ? input.value : root.getAttribute("data-" + key);
    });
    return choice;
  }

  function setUp(root) {
    if (root.hasAttribute("data-bx-ready")) return;
    root.setAttribute("data-bx-ready", "");
    var form = root.querySelector("[data-bx-filters]");
    if (!form) return;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () {
      var choice = chosen(root);
      var url = new URL(window.location.href);
      KEYS.forEach(function (key) { url.searchParams.set(key, choice[key]); });
      if (url.href !== window.location.href) window.history.pushState(null, "", url.href);
      show(root, choice);
    });
    show(root, wanted(root));
  }

  function restore() {
    document.querySelectorAll("[data-bx-compact][data-bx-ready]").forEach(function (root) {
      show(root, wanted(root));
    });
  }

  // The details under the heading the fragment names (or holding the element it names).
  function openTarget() {
    var id = window.location.hash.slice(1);
    if (!id) return;
    var target;
    try { target = document.getElementById(decodeURIComponent(id)); } catch (error) { return; }
    if (!target) return;
    var details = target.closest("details");
    if (!details && target.nextElementSibling && target.nextElementSibling.matches("details.bx-more")) {
      details = target.nextElementSibling;
    }
    if (details && !details.open) details.open = true;
  }

  function setUpAll() {
    document.querySelectorAll("[data-bx-compact]").forEach(setUp);
    openTarget();
  }

  window.addEventListener("popstate", restore);
  window.addEventListener("hashchange", openTarget);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
