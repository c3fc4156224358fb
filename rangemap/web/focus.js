/* rangemap page by keyboard (plain browser JS, no build step), on every page, static maps too: inlined in
 * the header before page.js (rangemap.render.elements.PageKeys); the app's keys are in keys.js.
 *  - Map shapes with tooltips (city circles, rings) are no Tab stops: Chromium makes an SVG shape with
 *    focus listeners focusable, and Leaflet gives every tooltip's shape those listeners (to show it on
 *    focus); such a shape gets tabindex -1.
 *  - The layer control opens on Enter or Space onto its first choice, and closes on Escape or when focus
 *    leaves it; Escape in the legend closes its notes.
 *  - Focus that a rebuilt list took away (the panel's systems, the legend) goes back to the same control,
 *    else one of its kind at the same place, else the first control left in the nearest container.
 * focus.css makes focus visible everywhere (:focus-visible).
 */
(function () {
  "use strict";
  function closest(node, selector) { return node && node.closest ? node.closest(selector) : null; }

  /* Leaflet adds focus listeners to each shape whose tooltip is not permanent (to show it on focus); a
   * shape with no tabindex of its own then gets -1: focusable from script, never a Tab stop. */
  function untabShapes() {
    var proto = window.L && L.Layer && L.Layer.prototype;
    if (!proto || proto._rangemapUntabbed || typeof proto._addFocusListenersOnLayer !== "function") return;
    var add = proto._addFocusListenersOnLayer;
    proto._addFocusListenersOnLayer = function (layer) {
      add.call(this, layer);
      var el = layer.getElement && layer.getElement();
      if (el && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    };
    proto._rangemapUntabbed = true;
  }

  function collapseLayers(container, refocus) {
    container.classList.remove("leaflet-control-layers-expanded");
    var toggle = container.querySelector(".leaflet-control-layers-toggle");
    if (refocus && toggle) toggle.focus();
  }

  /* Where focus was, to put it back if the element goes (lists rebuilt with textContent = ""). */
  var lastFocus = null;
  function remember(el) {
    var chain = [], n = el.parentNode;
    while (n && n !== document.body && chain.length < 8) { chain.push(n); n = n.parentNode; }
    var same = chain[0] ? Array.prototype.filter.call(chain[0].children || [], function (c) {
      return c.tagName === el.tagName && c.className === el.className;
    }) : [];
    lastFocus = {el: el, chain: chain, tag: el.tagName, cls: el.className, value: el.value,
                 text: el.textContent, index: same.indexOf(el)};
  }
  function focusable(root) {
    return Array.prototype.filter.call(root.querySelectorAll("input, select, button, a[href], summary, [tabindex]"),
      function (e) { return !e.disabled && e.tabIndex >= 0 && e.offsetParent !== null; });
  }
  /* The same control (tag, class and value or text), else one of its kind at the same place in its list,
   * else the first control in the nearest container still on the page. */
  function restoreFocus() {
    var f = lastFocus;
    if (!f || f.el.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    for (var i = 0; i < f.chain.length; i++) {
      var box = f.chain[i];
      if (!box.isConnected) continue;
      var all = focusable(box), kind = all.filter(function (e) { return e.tagName === f.tag && e.className === f.cls; });
      var same = kind.filter(function (e) {
        return f.tag === "INPUT" || f.tag === "SELECT" ? e.value === f.value : e.textContent === f.text;
      });
      var pick = same[0] || kind[Math.min(Math.max(f.index, 0), kind.length - 1)] || all[0];
      if (pick) { pick.focus(); return; }
    }
  }

  /* Rebuilt lists are seen in the control corner (panel, legend, layer control) where focus went. */
  function watch(box) {
    if (!box || box.rangemapWatched || !window.MutationObserver) return;
    box.rangemapWatched = true;
    new MutationObserver(restoreFocus).observe(box, {childList: true, subtree: true});
  }

  document.addEventListener("focusin", function (e) {
    if (!e.target || e.target === document.body) return;
    remember(e.target);
    watch(closest(e.target, ".leaflet-control-container"));
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target, layers = closest(t, ".leaflet-control-layers");
    if (layers && closest(t, ".leaflet-control-layers-toggle") && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();  // Leaflet opens it on Enter; Space too, and focus goes to the first choice
      layers.classList.add("leaflet-control-layers-expanded");
      var first = layers.querySelector("input");
      if (first) first.focus();
      return;
    }
    if (e.key !== "Escape") return;
    if (layers && layers.classList.contains("leaflet-control-layers-expanded")) {
      collapseLayers(layers, true); e.preventDefault(); return;
    }
    var legend = closest(t, ".rangemap-legend"), notes = legend && legend.querySelector("details[open]");
    if (notes) {
      notes.open = false; notes.querySelector("summary").focus(); e.preventDefault();
    }
  });
  document.addEventListener("focusout", function (e) {  // focus left an open layer control: it closes
    var layers = closest(e.target, ".leaflet-control-layers-expanded");
    if (layers && e.relatedTarget && !layers.contains(e.relatedTarget)) collapseLayers(layers, false);
  });

  /* Before page.js draws: now if Leaflet is loaded, else first thing when the document is (this script
   * comes before page.js, so its listener or timer runs first). */
  if (window.L) untabShapes();
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", untabShapes);
  else setTimeout(untabShapes, 0);
})();
