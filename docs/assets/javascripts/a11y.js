/*
 * What the stylesheets cannot do alone for keyboard, touch and screen-reader users.
 *
 * 1. A table box that scrolls sideways (a wide table on a phone: ours, or a Markdown table in the
 *    theme's scroll wrapper) and holds no link is made a
 *    tab stop while it scrolls, so that it can be scrolled from the keyboard (WCAG 2.1.1).
 *
 * 2. Rating summaries beside the stars of the overview matrix (bench/site/templates/_parts.html.j2).
 *    The stylesheet shows a cell's summary while the pointer is over it or the keyboard focus is
 * in it. This script adds what CSS cannot: Escape hides the summary until the pointer or the
 * focus leaves the cell (WCAG 1.4.13), and on a touch screen the first tap on the stars shows
 * the summary, the second follows the link (a tap has no hover).
 */
(function () {
  "use strict";

  var SCROLLERS = ".md-typeset .bx-table, .md-typeset .bench-matrix, .md-typeset .md-typeset__scrollwrap";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var mine = box.hasAttribute("data-bench-scroll");
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !mine && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-bench-scroll", "");
      } else if (!scrolls && mine) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-bench-scroll");
      }
    });
  }
  var pending = false;
  function markSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; markScrollers(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markScrollers);
  else markScrollers();
  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markSoon);

  var OPEN = "bench-tipcell--open";
  var CLOSED = "bench-tipcell--closed";
  var touch = false; // the last pointer that went down was a finger

  function cellOf(node) {
    return node && node.closest ? node.closest(".bench-tipcell") : null;
  }

  function closeOpen(except) {
    document.querySelectorAll(".bench-tipcell." + OPEN).forEach(function (cell) {
      if (cell !== except) cell.classList.remove(OPEN);
    });
  }

  document.addEventListener("pointerdown", function (event) {
    touch = event.pointerType === "touch";
  }, true);

  document.addEventListener("click", function (event) {
    var cell = cellOf(event.target);
    closeOpen(cell);
    if (!cell || !touch || cell.classList.contains(OPEN) || !event.target.closest("a")) return;
    event.preventDefault();
    cell.classList.remove(CLOSED);
    cell.classList.add(OPEN);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".bench-tipcell:hover, .bench-tipcell:focus-within, .bench-tipcell." + OPEN)
      .forEach(function (cell) {
        cell.classList.remove(OPEN);
        cell.classList.add(CLOSED);
      });
  });

  function reopenOnLeave(event) {
    var cell = cellOf(event.target);
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove(CLOSED);
  }
  document.addEventListener("mouseout", reopenOnLeave);
  document.addEventListener("focusout", reopenOnLeave);
})();
