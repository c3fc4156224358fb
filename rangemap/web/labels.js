/* rangemap label placement (plain browser JS, no build step): the map's permanent labels placed greedily so
 * that none covers another label, a labelled marker or a map control, and each sits nearer its own marker
 * than any other labelled marker.
 *
 * Priority: targets and launch areas, the app's active launch point, cities (largest first, as drawn: a key city
 * is not dropped for another launch point's label), then the other launch points in drawing order. Each
 * label tries a few places round its marker (its own side, then right, left, above, below, then right and left
 * raised or lowered by half its height, then the four corners) and keeps the first that fits: inside the map, clear of the labels placed
 * and of the map's controls, and nearer its own marker than any other labelled marker (shown or not; markers that touch on the
 * screen count as one). One that
 * fits nowhere is hidden at this zoom and tried again after the next move. A
 * launch point's label, drawn once per system, is placed once (the copies hidden). Boxes are worked out
 * from each label's size and Leaflet's tooltip geometry (leaflet.css: 6 px from the anchor), not by
 * moving labels to measure them. Exposes rangemapPage.placeLabels(map) -> {shown: [texts], hidden: [texts]}.
 */
(function () {
  "use strict";
  var NS = window.rangemapPage = window.rangemapPage || {maps: []};
  var GAP = 6;       // px from a label's anchor to its box (Leaflet's tooltip margin)
  var CLEAR = 1;     // px kept clear between two labels, and round a control
  var NEAR = 0.5;    // px: another labelled marker must be this much farther from a box than its own marker
  var SAME = 6;      // px: markers closer than this (a launch point's radius) are one spot on the screen
  // [side, moved right by half widths, lowered by half heights]: beside, above, below, then the corners
  var PLACES = [["right", 0, 0], ["left", 0, 0], ["top", 0, 0], ["bottom", 0, 0],
                ["right", 0, -1], ["right", 0, 1], ["left", 0, -1], ["left", 0, 1],
                ["top", 1, 0], ["top", -1, 0], ["bottom", 1, 0], ["bottom", -1, 0]];
  var KINDS = {"rangemap-target-label": 0, "rangemap-launch-label": 0, "rangemap-city-label": 2,
               "rangemap-site-label": 3};

  function kindOf(t) {
    var cls = (t.options.className || "").split(/\s+/);
    for (var i = 0; i < cls.length; i++) if (Object.prototype.hasOwnProperty.call(KINDS, cls[i])) return KINDS[cls[i]];
    return -1;
  }

  /* The box (container px) of a w×h label at place q ([side, dx, dy] in half widths, half heights) of anchor p. */
  function boxAt(q, p, w, h) {
    var x, y;
    if (q[0] === "right" || q[0] === "left") {
      x = q[0] === "right" ? p.x + GAP : p.x - GAP - w;
      y = p.y - h / 2;
    } else {
      x = p.x - w / 2;
      y = q[0] === "top" ? p.y - GAP - h : p.y + GAP;
    }
    x += q[1] * w / 2; y += q[2] * h / 2;
    return {left: x, top: y, right: x + w, bottom: y + h};
  }

  function hits(b, boxes, clear) {
    for (var i = 0; i < boxes.length; i++) {
      var o = boxes[i];
      if (b.left < o.right + clear && o.left < b.right + clear && b.top < o.bottom + clear && o.top < b.bottom + clear)
        return true;
    }
    return false;
  }

  function gap(p, b) {  /* px from point p to box b (0 inside) */
    var dx = Math.max(b.left - p.x, 0, p.x - b.right), dy = Math.max(b.top - p.y, 0, p.y - b.bottom);
    return Math.sqrt(dx * dx + dy * dy);
  }

  function controls(map) {  /* boxes of the map's controls (zoom, layers, panel, legend, title), container px */
    var c = map.getContainer(), r0 = c.getBoundingClientRect(), out = [];
    c.querySelectorAll(".leaflet-control").forEach(function (e) {
      var r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0)
        out.push({left: r.left - r0.left, top: r.top - r0.top, right: r.right - r0.left, bottom: r.bottom - r0.top});
    });
    return out;
  }

  function activeSite() {
    var app = window.rangemap && window.rangemap.app;
    return app && app.active !== undefined ? app.active : null;
  }

  function placeLabels(map) {
    var size = map.getSize(), active = activeSite(), all = [];
    map.eachLayer(function (l) {
      if (!(l instanceof L.Tooltip) || !l.options.permanent || !l.getElement()) return;
      var kind = kindOf(l);
      if (kind < 0) return;
      if (kind === 3 && active !== null && l._source && l._source.rangemapSite === active) kind = 1;
      all.push({t: l, kind: kind, order: L.stamp(l), e: l.getElement()});
    });
    all.sort(function (a, b) { return a.kind - b.kind || a.order - b.order; });
    // reads first (sizes, anchors), then the placement, then the writes: one layout, not one per label
    var seen = Object.create(null), items = [], anchors = [];
    all.forEach(function (a) {
      a.p = map.latLngToContainerPoint(a.t.getLatLng());
      a.text = a.e.textContent;
      a.w = a.e.offsetWidth; a.h = a.e.offsetHeight;
      var key = a.text + "|" + Math.round(a.p.x) + "|" + Math.round(a.p.y);
      var inView = a.p.x >= 0 && a.p.y >= 0 && a.p.x <= size.x && a.p.y <= size.y;
      a.place = null;
      if (seen[key] || !inView) return;  // a copy, or off the map: hidden
      seen[key] = true;
      items.push(a);
      anchors.push(a.p);  // every labelled marker counts, whether its label is shown or not
    });
    var placed = controls(map), shown = [], hidden = [];
    function fits(p, b) {  /* no other labelled marker as near the box as its own */
      var own = gap(p, b) + NEAR;
      for (var i = 0; i < anchors.length; i++) {
        var q = anchors[i];
        if (Math.hypot(q.x - p.x, q.y - p.y) >= SAME && gap(q, b) <= own) return false;
      }
      return true;
    }
    items.forEach(function (a) {
      var first = a.t.rangemapSide || (a.t.rangemapSide = a.t.options.direction);
      var tries = [[first, 0, 0]].concat(PLACES.filter(function (q) { return q[0] !== first || q[1] || q[2]; }));
      for (var i = 0; i < tries.length && !a.place; i++) {
        var b = boxAt(tries[i], a.p, a.w, a.h);
        if (b.left < 0 || b.top < 0 || b.right > size.x || b.bottom > size.y || hits(b, placed, CLEAR)) continue;
        if (fits(a.p, b)) { a.place = tries[i]; placed.push(b); }
      }
      (a.place ? shown : hidden).push(a.text);
    });
    all.forEach(function (a) {
      if (a.place) {
        a.t.options.direction = a.place[0];
        a.t.options.offset = L.point(a.place[1] * a.w / 2, a.place[2] * a.h / 2);
        a.t.update();
      }
      a.e.style.visibility = a.place ? "" : "hidden";
    });
    return {shown: shown, hidden: hidden};
  }

  NS.placeLabels = placeLabels;
})();
