/*
 * Benchmark charts: draw every <div class="bx-chart" data-spec="x.json"> on the page.
 *
 * The spec (Vega-Lite, written by bench/site/benchmarks/charts.py at build time)
 * lies next to the page and is fetched relative to it; the chart library is the
 * vendored bundle in assets/javascripts/vendor/ (scripts/vendor_charts.py), so
 * nothing is loaded from outside the site. Both scripts are added only to pages
 * with charts.
 *
 * Charts are drawn in a document$ subscription (mkdocs-material's page-change
 * stream), so they survive the theme's page changes, and drawn again when the
 * reader toggles light/dark: colours come from the theme's CSS variables.
 */
(function () {
  "use strict";

  var specs = {}; // url -> Promise of the parsed spec (fetched once per page load)
  var views = []; // vega-embed results drawn on the current page

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  // Vega config from the theme's current colours and font.
  function themeConfig() {
    var fg = cssVar("--md-default-fg-color", "rgba(0,0,0,0.87)");
    var light = cssVar("--md-default-fg-color--light", "rgba(0,0,0,0.54)");
    var lighter = cssVar("--md-default-fg-color--lightest", "rgba(0,0,0,0.07)");
    var font = getComputedStyle(document.body).fontFamily || "sans-serif";
    var axis = {
      labelColor: light, titleColor: fg, domainColor: light, tickColor: light, gridColor: lighter,
      labelFont: font, titleFont: font
    };
    return {
      background: "transparent",
      font: font,
      axis: axis,
      legend: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
      header: { labelColor: fg, titleColor: fg, labelFont: font, titleFont: font },
      title: { color: fg, subtitleColor: light, font: font },
      text: { color: fg },
      view: { stroke: null }
    };
  }

  function load(url) {
    if (!specs[url]) {
      specs[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return specs[url];
  }

  function clear() {
    views.forEach(function (view) { view.finalize(); });
    views = [];
  }

  function draw() {
    clear();
    if (typeof window.vegaEmbed !== "function") return;
    var config = themeConfig();
    document.querySelectorAll(".bx-chart[data-spec]").forEach(function (el) {
      var url = new URL(el.getAttribute("data-spec"), window.location.href).href;
      load(url).then(function (spec) {
        var target = el.querySelector(".bx-chart__view") || el;
        return window.vegaEmbed(target, spec, {
          renderer: "svg",
          config: config,
          // No action menu: its links lead off the site, and the tables and CSVs carry the numbers.
          actions: false,
          // Tooltips in the page's scheme (their text size: the site's style sheet).
          tooltip: { theme: document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light" },
          // Warnings and errors reach the console (Vega's level 2, "Warn"; the bundle does not export
          // vega's named levels): the charts are built to draw without any, and the browser tests
          // fail on one.
          logLevel: 2
        });
      }).then(function (result) {
        views.push(result);
        el.classList.add("bx-chart--drawn");
      }).catch(function (error) {
        el.classList.add("bx-chart--failed");
        el.setAttribute("data-error", String(error));
        if (window.console) console.error("chart", url, error);
      });
    });
  }

  // Redraw when the reader switches between light and dark.
  new MutationObserver(function (changes) {
    if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) draw();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
