/* rangemap page, where it is shown: on a phone, in a notebook cell, inside another page's frame, with
 * reduced motion. Plain browser JS, loaded after page.js (it wraps rangemapPage.draw); dark mode is CSS
 * only (embed.css).
 *
 * - Touch screens and phone widths get launch-point markers big enough to touch (24 px).
 * - A small map (under SMALL px) starts with its panel and legend folded, and folds or unfolds them as it
 *   is resized, until someone folds or unfolds one by hand; the panel is never taller than the map.
 * - Resized, the map refits to what it draws, unless someone moved the view (or a link set it).
 * - In a frame (an article, a notebook): the mouse wheel scrolls the host page unless Ctrl/⌘ is held or the
 *   map was clicked first, one finger scrolls the page and two move the map, each with a short hint; the
 *   page posts its preferred height to the host: {type: "rangemap:height", height: px} (README, Embedding).
 * - prefers-reduced-motion: Leaflet's zoom, fade and pan animations and inertia off (CSS: transitions off).
 */
(function () {
  "use strict";
  var NS = window.rangemapPage;
  if (!NS || !window.L) { return; }
  var SMALL = {x: 700, y: 560};  /* px: a notebook cell, a phone, an embed of 500 px */
  var TOUCH_RADIUS = 12;  /* px: a launch-point marker 24 px across */
  var HINT_MS = 1600;
  var HEIGHT = {min: 300, max: 900};  /* px: the preferred height posted to a host stays within these */

  function media(query) { return !!(window.matchMedia && window.matchMedia(query).matches); }

  var reduced = media("(prefers-reduced-motion: reduce)");
  if (reduced) {  /* before folium makes the map: its options take these defaults */
    L.Map.mergeOptions({zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false, inertia: false});
    var panBy = L.Map.prototype.panBy;
    L.Map.include({panBy: function (offset, options) {
      return panBy.call(this, offset, L.extend({}, options, {animate: false}));
    }});
  }

  function framed() {
    try { return window.self !== window.top; } catch (e) { return true; }  /* a cross-origin host */
  }

  function inControl(target) { return !!(target && target.closest && target.closest(".leaflet-control")); }

  function hint(box, text) {
    var h = box.querySelector(".rangemap-hint");
    if (!h) {
      h = document.createElement("div");
      h.className = "rangemap-hint";
      h.setAttribute("aria-hidden", "true");  /* a pointer's hint; keyboard and screen readers never need it */
      box.appendChild(h);
    }
    h.textContent = text;
    h.classList.add("shown");
    clearTimeout(h.rangemapTimer);
    h.rangemapTimer = setTimeout(function () { h.classList.remove("shown"); }, HINT_MS);
  }

  /* Wheel and touch as map embeds have them: the page around the map keeps scrolling. */
  function cooperative(map) {
    var box = map.getContainer(), active = false;
    var mac = /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent || "");
    box.classList.add("rangemap-embedded");
    box.addEventListener("pointerdown", function (e) { if (e.pointerType === "mouse") { active = true; } }, true);
    box.addEventListener("mouseleave", function () { active = false; });
    window.addEventListener("blur", function () { active = false; });
    box.addEventListener("wheel", function (e) {
      if (e.ctrlKey || e.metaKey || active || inControl(e.target)) { return; }
      e.stopImmediatePropagation();  /* Leaflet never sees it, nothing prevents it: the host page scrolls */
      hint(box, (mac ? "Use \u2318 + scroll" : "Use ctrl + scroll") + " to zoom the map");
    }, true);
    function oneFinger(e) {
      if (e.touches.length !== 1 || inControl(e.target) || (e.target.closest && e.target.closest(".rangemap-site"))) {
        return false;
      }
      e.stopImmediatePropagation();  /* no drag; touch-action lets the browser scroll the page instead */
      return true;
    }
    box.addEventListener("touchstart", oneFinger, true);
    box.addEventListener("touchmove", function (e) { if (oneFinger(e)) { hint(box, "Use two fingers to move the map"); } },
                         true);
  }

  /* The app's panel (ui.js), if this page has the app. */
  function appPanel() { var R = window.rangemap; return R && R.app && R.app.ui ? R.app.ui.root : null; }

  /* Fold or unfold the app's panel and the legend, through their own buttons. */
  function fold(box, on) {
    var panel = appPanel(), legend = box.querySelector(".rangemap-legend");
    [[panel, panel && panel.querySelector(".head button")],
     [legend, legend && legend.querySelector(".rangemap-legend-toggle")]].forEach(function (p) {
      if (p[0] && p[1] && p[0].classList.contains("collapsed") !== on) { p[1].click(); }
    });
  }

  /* The panel no taller than the map below it (less the bottom-right corner): its sections never hide
   * below the map's edge. */
  function fitPanel(map) {
    var box = map.getContainer(), panel = appPanel();
    if (!panel) { return; }
    var corner = box.querySelector(".leaflet-bottom.leaflet-right"), top = panel.getBoundingClientRect().top;
    var bottom = box.getBoundingClientRect().bottom - (corner ? corner.getBoundingClientRect().height : 0);
    panel.style.maxHeight = Math.max(80, Math.floor(bottom - top - 10)) + "px";
  }

  /* px: the height at which what the map frames (Web Mercator) fills the map's width, within HEIGHT. */
  function preferredHeight(map, state) {
    var width = map.getSize().x, aspect = 0.62;
    if (state.view && state.view.fit) {
      var b = L.latLngBounds(state.view.fit), nw = map.project(b.getNorthWest(), 0), se = map.project(b.getSouthEast(), 0);
      if (se.x - nw.x > 1e-6 && se.y - nw.y > 1e-6) { aspect = (se.y - nw.y) / (se.x - nw.x); }
    }
    return Math.max(HEIGHT.min, Math.min(HEIGHT.max, Math.round((width - 24) * aspect + 24)));
  }

  function setup(map, state) {
    var box = map.getContainer(), embedded = framed(), byHand = false, fitting = false;
    var moved = /(^#|&)view=/.test(window.location.hash);  /* a link's view is kept */
    var small = function () { var s = map.getSize(); return s.x < SMALL.x || s.y < SMALL.y; };
    box.addEventListener("click", function (e) {
      var panel = appPanel(), t = e.target;
      if (e.isTrusted && t.closest && (t.closest(".rangemap-legend-toggle") ||
                                       (panel && panel.contains(t) && t.closest(".head button")))) { byHand = true; }
    }, true);
    map.on("movestart", function () { if (!fitting) { moved = true; } });
    if (embedded) { cooperative(map); }
    var posted = null;
    function post() {
      if (window.parent === window) { return; }
      var height = preferredHeight(map, state);
      if (height === posted) { return; }
      posted = height;
      try { window.parent.postMessage({type: "rangemap:height", height: height}, "*"); } catch (e) { /* no host */ }
    }
    window.addEventListener("message", function (e) {  /* a host that listens late may ask again */
      if (e.source === window.parent && e.data && e.data.type === "rangemap:height?") { posted = null; post(); }
    });
    var timer = 0;
    function resized() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!byHand) { fold(box, small()); }
        if (!moved && NS.frame) { fitting = true; try { NS.frame(map, state.view); } finally { fitting = false; } }
        fitPanel(map);
        post();
      }, 120);
    }
    map.on("resize", resized);
    if (window.ResizeObserver) {  /* a notebook cell or host resized without the window */
      var last = [box.clientWidth, box.clientHeight];
      new ResizeObserver(function () {  /* only on a change: invalidateSize also forgets the exact centre */
        var now = [box.clientWidth, box.clientHeight];
        if (now[0] !== last[0] || now[1] !== last[1]) { last = now; map.invalidateSize(); }
      }).observe(box);
    }
    if (small()) { fold(box, true); }
    fitPanel(map);
    box.addEventListener("click", function () { setTimeout(function () { fitPanel(map); }, 0); });
    post();
    window.addEventListener("load", post);
  }

  var draw = NS.draw;
  NS.draw = function (mapName, state) {
    var fresh = window[mapName] && !window[mapName].rangemapState;
    if (fresh && state && state.styles && state.styles.site &&
        (media("(pointer: coarse)") || window.innerWidth <= 600)) {
      state.styles.site = L.extend({}, state.styles.site, {radius: Math.max(state.styles.site.radius || 0, TOUCH_RADIUS)});
    }
    if (fresh && window.innerWidth <= 600 && window[mapName].options.zoomSnap === 1) {
      window[mapName].options.zoomSnap = 0.25;  /* a phone: the reach fitted closely, not a whole zoom out */
    }
    var map = draw.apply(this, arguments);
    if (fresh && map) {  /* after the app has started (its own task, web/tasks.js): the panel exists */
      if (window.rangemapTasks) { window.rangemapTasks.soon(function () { setup(map, state); }); } else { setup(map, state); }
    }
    return map;
  };
  NS.preferredHeight = preferredHeight;
})();
