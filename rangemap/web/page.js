/* rangemap page script: draws a reach map from one JSON state object (written by rangemap.render.leaflet).
 *
 * Every text from data (names, tooltips, legend, title, layer names, sources) arrives as JSON strings
 * and is shown with textContent, never parsed as HTML or evaluated. This script runs on DOMContentLoaded,
 * separately from folium's script block, so a failing plugin script cannot take the legend or the layer
 * control down. Exposes window.rangemapPage.{draw, whenReady, maps, tip}; map.rangemapState keeps the state,
 * map.rangemapSystems the layer of each system (by id), map.rangemapControl the layer control and
 * map.rangemapLegend(legend) redraws the legend from legend data.
 * When the state has an `app` part and the interactive app is loaded (window.rangemap.start, from
 * rangemap.render.interactive), the systems' layers are made empty and handed to the app, which draws
 * rings, envelopes and sites itself; if the app cannot start, they are drawn here as for a static map.
 */
(function () {
  "use strict";
  var NS = window.rangemapPage = window.rangemapPage || {maps: []};

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  /* Leaflet's layer control writes names with innerHTML: give it escaped text. */
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /* A tooltip from lines of text: the first in bold, a line {note: text} in grey. */
  function tip(lines) {
    var div = node("div", "rangemap-tip");
    lines.forEach(function (line, i) {
      if (i > 0) { div.appendChild(document.createElement("br")); }
      if (line !== null && typeof line === "object") { div.appendChild(node("span", "rangemap-note", line.note)); }
      else { div.appendChild(node(i === 0 ? "b" : "span", null, line)); }
    });
    return div;
  }

  function shifted(offset) {
    return function (c) { return L.latLng(c[1], c[0] + offset); };
  }

  /* A shape that spans every longitude (a reach round a pole, or beyond a hemisphere) fills exactly one
   * world width in continuous longitudes, with made-up edges where it was cut open: its two sides and a
   * stretch along a pole. A zoomed-out map shows several worlds side by side, where the shape would seem
   * to stop at its sides; so it is widened to three worlds: the real boundary repeats 360° to either side
   * and the made-up edges move out beyond them. Other shapes come back unchanged (the same object). */
  function widen(geometry) {
    if (!geometry || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) { return geometry; }
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var wide = polys.map(widenPolygon);
    if (wide.every(function (p, i) { return p === polys[i]; })) { return geometry; }
    return {type: "MultiPolygon", coordinates: wide};
  }

  function moved(ring, dx) { return ring.map(function (c) { return [c[0] + dx, c[1]]; }); }

  function band(west, east, holes) {
    return [[[west, -90], [east, -90], [east, 90], [west, 90], [west, -90]]].concat(holes);
  }

  function widenPolygon(poly) {
    var outer = poly[0], west = Infinity, east = -Infinity;
    outer.forEach(function (c) { west = Math.min(west, c[0]); east = Math.max(east, c[0]); });
    if (!(east - west >= 359.999)) { return poly; }
    var holes = [];
    poly.slice(1).forEach(function (h) { holes.push(moved(h, -360), h, moved(h, 360)); });
    /* The real boundary: runs of vertices between the made-up stretches along a pole. */
    var n = outer.length - 1, atPole = outer.map(function (c) { return Math.abs(c[1]) >= 90; });
    var chains = [], start = -1;
    for (var i = 0; i < n; i++) { if (atPole[i] && !atPole[(i + 1) % n]) { start = i; } }
    if (start < 0) { return atPole.every(Boolean) ? band(west - 360, east + 360, holes) : poly; }
    for (var k = 1, run = []; k <= n; k++) {
      var j = (start + k) % n;
      if (atPole[j]) { if (run.length) { chains.push(run); run = []; } } else { run.push(outer[j]); }
    }
    var side = function (c) { return Math.abs(c[0] - west) < 1e-9 ? "w" : Math.abs(c[0] - east) < 1e-9 ? "e" : ""; };
    var ends = chains.map(function (c) { return side(c[0]) + side(c[c.length - 1]); });
    if (chains.length === 1 && (ends[0] === "we" || ends[0] === "ew")) {
      /* round one pole: the boundary crosses the world; three times over, closed along the pole */
      var chain = chains[0], step = ends[0] === "we" ? 360 : -360, poleLat = outer[start][1];
      var body = moved(chain, -step).concat(chain.slice(1), moved(chain, step).slice(1));
      return [body.concat([[body[body.length - 1][0], poleLat], [body[0][0], poleLat], body[0]])].concat(holes);
    }
    if (chains.length === 2 && ends.slice().sort().join() === "ee,ww") {
      /* beyond a hemisphere both ways, the unreachable cap cut in two at the sides: rejoined round the
       * west side, it is a hole in every world the band covers */
      var w = chains[ends[0] === "ww" ? 0 : 1], e = chains[ends[0] === "ww" ? 1 : 0];
      var hole = moved(e, -360).concat(w.slice(1));
      hole.push(hole[0]);
      [-360, 0, 360, 720].forEach(function (dx) { holes.push(moved(hole, dx)); });
      return band(west - 540, east + 540, holes);
    }
    return poly;  /* not a shape this knows how to widen: leave it as it is */
  }

  /* One GeoJSON feature as a Leaflet layer; the tooltip (lines of text) goes on the feature's own path. */
  function geo(geometry, props, style, extra) {
    extra = extra || {};
    return L.geoJSON({type: "Feature", geometry: geometry, properties: props}, {
      style: function () { return style; }, interactive: extra.interactive !== false,
      smoothFactor: extra.smooth !== undefined ? extra.smooth : 0.3,
      onEachFeature: extra.tip ? function (f, layer) { layer.bindTooltip(tip(extra.tip), {sticky: !!extra.sticky}); }
        : undefined});
  }

  /* Borders: one data set, copies shifted by 360° wherever reach or the view goes; each copy added
   * country by country in short tasks (web/tasks.js), the first copy before anything else queued. */

  function Borders(state) {
    var group = L.featureGroup(), done = {}, styles = state.styles, features = state.borders.features;
    function styleFor(f) {
      var s = styles.borderByName[f.properties.name] || styles.border;
      return L.extend({className: "rangemap-border", interactive: false, pane: "rangemapBorders"}, s);
    }
    function ensure(k) {
      if (done[k] || Math.abs(k) > 3) { return; }
      done[k] = true;
      var copy = L.geoJSON(null, {style: styleFor, coordsToLatLng: shifted(360 * k), interactive: false,
                                  smoothFactor: 0.5, pane: "rangemapBorders"}).addTo(group);
      window.rangemapTasks.each(features, function (f) { copy.addData(f); }, null, true);
    }
    function cover(west, east) {
      for (var k = Math.floor((west + 180) / 360); k <= Math.floor((east + 180) / 360); k++) { ensure(k); }
    }
    return {layer: group, cover: cover};
  }

  /* A ring the page's app would have drawn (an interactive page carries no ring shapes: the app computes
   * them), computed as the app computes it, by reach.js: at = [lat, lon, range m, minimum range m]. */
  function reachOf(at, state) {
    var util = window.rangemap && window.rangemap._util;
    if (!at || !util || typeof util.displayReach !== "function") { return null; }
    try {
      return util.displayReach(at[0], at[1], at[2], {minRangeM: at[3],
                                                    toleranceM: state.app ? state.app.tolerance_m : 50});
    } catch (err) { return null; }
  }

  function drawSystem(group, sys, state) {
    if (sys.envelope) {
      var edge = sys.outlineEnvelope ? L.extend({stroke: true, color: sys.colour}, state.styles.envelopeEdge) : {};
      geo(widen(sys.envelope), {rangemap: "envelope", system: sys.id},
        L.extend({fillColor: sys.colour}, state.styles.envelope, edge), {interactive: false}).addTo(group);
    }
    sys.rings.forEach(function (r) {
      var base = r.band === "nominal" || !r.band ? state.styles.ring : state.styles.band;
      var style = L.extend({}, base, {color: sys.colour, fillColor: sys.colour});
      if (r.dash) { style.dashArray = r.dash; style.dashOffset = r.dashOffset; }
      var geometry = r.geometry || reachOf(r.at, state);
      if (!geometry) { return; }
      geo(widen(geometry), {rangemap: "reach", system: sys.id, site: r.site, band: r.band || ""}, style,
        {tip: r.tip, sticky: true}).addTo(group);
    });
    sys.sites.forEach(function (s) {
      L.circleMarker([s.lat, s.lon], L.extend({className: "rangemap-site"}, state.styles.site,
                                              s.hover ? {radius: 3, weight: 1} : {}))
        .bindTooltip(node("span", null, s.name), {permanent: !s.hover, direction: s.side,
                                                  className: "rangemap-site-label"})
        .addTo(group);
    });
    return group;
  }

  /* The labels at once; the dots (thousands) in short tasks after what is seen first (web/tasks.js), in
   * the same order, each tooltip made when it opens. They go in a pane of their own inside the overlay
   * pane, hidden until the last is in: the browser paints them once, not once a task. Clearing the layer
   * drops the dots still queued. */

  function drawCities(layer, state, map) {
    var group = L.featureGroup(), style = state.styles.city, points = layer.points, cleared = false;
    var pane = map.getPane("rangemapCities") || map.createPane("rangemapCities", map.getPane("overlayPane"));
    pane.style.zIndex = "auto";  /* stacked in the overlay pane in the order drawn, as one SVG there was */
    points.forEach(function (p) {
      if (p[3]) {
        L.tooltip({permanent: true, direction: "right", className: "rangemap-city-label", interactive: false})
          .setLatLng([p[0], p[1]]).setContent(node("span", null, p[3])).addTo(group);
      }
    });
    function show() { pane.style.display = ""; }
    function dot(p) {
      if (cleared) { return false; }
      L.circleMarker([p[0], p[1]], L.extend({radius: p[2], className: "rangemap-city", pane: "rangemapCities"}, style))
        .bindTooltip(function () { return tip(p[4]); }).addTo(group);
    }
    var clear = group.clearLayers;
    group.clearLayers = function () { cleared = true; show(); return clear.apply(this, arguments); };
    if (points.length) { pane.style.display = "none"; }  /* shown together: one layout, not one a task */
    window.rangemapTasks.each(points, dot, show);
    return group;
  }

  function drawEnvelopes(layer) {
    var group = L.featureGroup();
    layer.items.forEach(function (e) {
      geo(widen(e.geometry), {rangemap: "envelope-outline", system: e.system}, e.style, {tip: e.tip}).addTo(group);
    });
    return group;
  }

  function drawLaunchArea(layer, state) {
    var group = L.featureGroup();
    geo(widen(layer.geometry), {rangemap: "launch-area", system: layer.system}, state.styles.launch,
      {tip: layer.tip, sticky: true}).addTo(group);
    L.circleMarker([layer.target.lat, layer.target.lon], state.styles.target)
      .bindTooltip(node("span", null, layer.target.label), {permanent: true, direction: "right",
        className: "rangemap-target-label"}).addTo(group);
    layer.sites.forEach(function (s) {
      L.circleMarker([s.lat, s.lon], state.styles.launchSite)
        .bindTooltip(node("span", null, s.name), {permanent: true, direction: "left",
          className: "rangemap-launch-label"}).addTo(group);
    });
    return group;
  }

  function swatch(row) {
    var s = node("span", "swatch" + (row.kind === "line" ? " line" : ""));
    s.style.borderColor = row.colour;
    if (row.kind === "line") { s.style.borderTopStyle = row.dashed ? "dashed" : "solid"; }
    else { s.style.background = row.colour + "33"; if (row.dashed) { s.style.borderStyle = "dashed"; } }
    return s;
  }

  /* The legend's rows, notes and sources (legend data: rows, notes, attribution) into `body`. */
  function fillLegend(body, data) {
    var open = body.querySelector("details[open]") !== null;
    body.textContent = "";
    var table = node("table");
    data.rows.forEach(function (row) {
      var tr = node("tr", "rangemap-legend-row " + (row.role || "")), td1 = node("td"), td2 = node("td");
      td1.appendChild(swatch(row));
      td2.appendChild(node("b", null, row.name));
      if (row.label) { td2.appendChild(node("span", "range", " " + row.label)); }
      tr.appendChild(td1); tr.appendChild(td2); table.appendChild(tr);
    });
    body.appendChild(table);
    var details = node("details", "rangemap-legend-details");
    details.open = open;
    details.appendChild(node("summary", null, "Notes and sources"));
    data.notes.forEach(function (text) { details.appendChild(node("div", "note", text)); });
    data.rows.forEach(function (row) {
      if (row.source) { details.appendChild(node("div", "source", row.name + ": " + row.source)); }
    });
    details.appendChild(node("div", "attribution", data.attribution));
    body.appendChild(details);
  }

  /* The legend control; returns a function that redraws it from new legend data. */
  function legend(map, state) {
    var control = L.control({position: "bottomleft"});  /* the right side is the panel's */
    var body = node("div", "rangemap-legend-body");
    control.onAdd = function () {
      var div = node("div", "rangemap-legend"), size = map.getSize();
      var toggle = node("button", "rangemap-legend-toggle", "Legend");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "true");
      toggle.onclick = function () {
        var open = div.classList.toggle("collapsed") === false;
        toggle.setAttribute("aria-expanded", String(open));
      };
      fillLegend(body, state.legend);
      div.appendChild(toggle); div.appendChild(body);
      if (size.x < 700 || size.y < 500) { div.classList.add("collapsed"); toggle.setAttribute("aria-expanded", "false"); }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    return function (data) { fillLegend(body, data); };
  }

  function title(map, text) {
    var control = L.control({position: "topright"});
    control.onAdd = function () { return node("h1", "rangemap-title", text); };
    return control.addTo(map);
  }

  function frame(map, view) {
    if (!view) { return; }
    var b = L.latLngBounds(view.fit);
    /* not animated: an animation would end after a view set right after (a link's, in the app) */
    if (view.zoom !== undefined && view.zoom !== null) { map.setView(b.getCenter(), view.zoom, {animate: false}); }
    else { map.fitBounds(b, {maxZoom: view.maxZoom, padding: [12, 12], animate: false}); }
  }

  /* Labels placed so none covers another: web/labels.js (rangemapPage.placeLabels). */
  NS.declutter = function (map) { return NS.placeLabels ? NS.placeLabels(map) : null; };

  NS.draw = function (mapName, state) {
    var map = window[mapName];
    if (!map || map.rangemapState) { return map; }
    map.rangemapState = state;
    var base = {}, overlays = {}, tasks = window.rangemapTasks;
    frame(map, state.view);  /* first: layers added after it are projected once */
    if (state.borders) {
      map.createPane("rangemapBorders").style.zIndex = 350;  /* under every overlay, above tiles */
      var borders = Borders(state), seen = map.getBounds();
      borders.cover(seen.getWest(), seen.getEast());  /* what is seen now; the copies under the span after */
      tasks.later(function () { borders.cover(state.span[0], state.span[1]); });
      borders.layer.addTo(map);
      map.on("moveend", function () { var b = map.getBounds(); borders.cover(b.getWest(), b.getEast()); });
      base[escapeHtml("Borders (offline)")] = borders.layer;
      NS.borders = borders;
    }
    if (state.osm) {
      base[escapeHtml("OpenStreetMap (online)")] = L.tileLayer(state.osm.url,
        {attribution: escapeHtml(state.osm.attribution), maxZoom: 19});
    }
    state.folium.forEach(function (f) {
      var layer = window[f.var];
      if (!layer) { return; }
      (f.overlay ? overlays : base)[escapeHtml(f.name)] = layer;
    });
    var app = state.app && window.rangemap && typeof window.rangemap.start === "function";
    var systems = Object.create(null), envelopes = [], cities = [];
    state.systems.forEach(function (sys) {
      var group = systems[sys.id] = L.featureGroup();
      if (!app) { drawSystem(group, sys, state); }
      overlays[escapeHtml(sys.name + " — " + sys.label)] = group.addTo(map);
    });
    state.envelopes.forEach(function (e) {
      envelopes.push(overlays[escapeHtml(e.name)] = drawEnvelopes(e).addTo(map));
    });
    state.launchAreas.forEach(function (a) { overlays[escapeHtml(a.name)] = drawLaunchArea(a, state).addTo(map); });
    state.cities.forEach(function (c) { cities.push(overlays[escapeHtml(c.name)] = drawCities(c, state, map).addTo(map)); });
    if (state.title) { title(map, state.title); }
    map.rangemapLegend = legend(map, state);
    map.rangemapLayers = overlays;
    map.rangemapSystems = systems;
    map.rangemapControl = L.control.layers(base, overlays, {collapsed: true, position: "topleft"}).addTo(map);
    NS.maps.push(map);
    tasks.soon(function () {  /* number formats load their locale data on first use (20 ms): not in the app's task */
      if (window.Intl && Intl.NumberFormat) { new Intl.NumberFormat("en-US").format(1); }
    });
    tasks.soon(function () {  /* a task of its own: the app computes every ring */
      if (app && !window.rangemap.start(state.app, {map: map, control: map.rangemapControl, layers: systems,
          cities: cities[0] || null, citiesByApp: !!(state.cities[0] && state.cities[0].byApp), stale: envelopes,
          styles: state.styles, legend: state.legend, setLegend: map.rangemapLegend})) {
        state.systems.forEach(function (sys) { drawSystem(systems[sys.id], sys, state); });  /* as a static map */
      }
    });
    tasks.soon(function () {
      if (NS.describe) { NS.describe(map, state); }  /* named, summarised, read aloud (describe.js) */
      map.on("moveend overlayadd overlayremove", function () { NS.declutter(map); });
    });
    tasks.soon(function () { NS.declutter(map); });
    return map;
  };

  NS.tip = tip;
  NS.frame = frame;
  NS.widen = widen;

  /* The state is an object, or the id of the <script type="application/json"> holding it packed: then it
   * is read, decoded (web/unpack.js, in steps) and drawn, each in a short task of its own (web/tasks.js). */
  NS.whenReady = function (mapName, state) {
    function go() {
      var T = window.rangemapTasks;
      if (typeof state !== "string") { NS.draw(mapName, state); return; }
      T.soon(function () {
        var steps = window.rangemapPacked.steps(JSON.parse(document.getElementById(state).textContent));
        steps.slice(0, -1).forEach(function (step) { T.soon(step); });
        T.soon(function () { var decoded = steps[steps.length - 1](); T.soon(function () { NS.draw(mapName, decoded); }); });
      });
    }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", go); } else { setTimeout(go, 0); }
  };
})();
