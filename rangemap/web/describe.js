/* rangemap page, in words: the map named as the page's main region, its heading, a "Describe this map"
 * summary that screen readers read (and anyone can open), live regions for what changes, decorative shapes
 * hidden from assistive technology, the layers button named.
 *
 * The summary is data like rangemap.render.describe.summary makes (systems with ranges, minimums, sources
 * and launch points; launch points; places and people in reach with the coverage line; a static page's
 * drawn cities and launch areas), worded by lines() exactly as describe.summary_lines words it for the
 * page's <noscript>. A static page shows the summary Python wrote (state.summary); the interactive app's is
 * recomputed from its own state after each change. Every text reaches the page through textContent.
 * Exposes window.rangemapPage.describe(map, state) (page.js calls it once drawn) and
 * rangemapPage.summaryLines(map).
 */
(function () {
  "use strict";
  var NS = window.rangemapPage = window.rangemapPage || {maps: []};
  var LARGEST = 5, NAMED = 3, counter = 0;

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function grouped(x, digits) {
    return x.toLocaleString("en-US", {maximumFractionDigits: digits || 0, minimumFractionDigits: digits || 0});
  }

  function listed(names, noun) {
    if (names.length > NAMED) { return grouped(names.length) + " " + noun; }
    return names.length === 1 ? names[0] : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function headline(s) {
    var systems = s.systems.map(function (x) { return x.name; }), sites = s.sites.map(function (x) { return x.name; });
    if (!systems.length) { return "Reach map"; }
    return "Reach of " + listed(systems, "systems") + (sites.length ? " from " + listed(sites, "launch points") : "");
  }

  /* The app's state now, as describe.summary makes it from the page state. */
  function fromApp(app) {
    var U = window.rangemap._util, order = [], known = app.systems, C = app.cities;
    app.sites.forEach(function (site) {
      site.systems.forEach(function (sid) { if (U.has(known, sid) && order.indexOf(sid) < 0) { order.push(sid); } });
    });
    var systems = order.map(function (sid) {
      var s = known[sid];
      return {name: s.name, range: app.rangeText(s, s.range_m),
              min: s.min_range_m > 0 ? U.formatDistance(s.min_range_m, app.units) : "", source: s.source,
              sites: app.sites.filter(function (site) { return site.systems.indexOf(sid) >= 0; })
                .map(function (site) { return site.name; })};
    });
    var any = new Uint8Array(C.n), places = 0, people = 0, named = [];
    app.sites.forEach(function (site) {
      site.systems.forEach(function (sid) {
        var a = site.inside[sid];
        if (a) { for (var i = 0; i < C.n; i++) { any[i] |= a[i]; } }
      });
    });
    for (var i = 0; i < C.n; i++) {
      if (any[i]) { places += 1; people += C.pop[i]; if (i < C.nDrawn) { named.push(i); } }
    }
    named.sort(function (a, b) { return C.pop[b] - C.pop[a]; });
    var cfg = app.cfg.cities || {};
    var s = {systems: systems, drawn: [], areas: [], title: null,
             sites: app.sites.map(function (site) { return {name: site.name, lat: site.lat, lon: site.lon}; }),
             reach: {places: places, people: people, coverage: String(cfg.coverage || ""),
                     largest: named.slice(0, LARGEST).map(function (k) { return C.name[k] + " (" + C.country[k] + ")"; })}};
    s.headline = headline(s);
    return s;
  }

  function degrees(x) { return grouped(x, 4) + "°"; }

  /* The summary as sentences, one a line (as rangemap.render.describe.summary_lines). */
  function lines(s) {
    var out = [s.headline + "."], r = s.reach;
    if (r) {
      out.push("In reach: " + grouped(r.places) + " places, " + grouped(r.people / 1e6, 1) + " million people." +
               (r.largest.length ? " Largest: " + r.largest.join(", ") + "." : ""));
      if (r.coverage) { out.push(r.coverage + "."); }
    }
    s.drawn.forEach(function (d) {
      out.push(d.name + ": " + grouped(d.count) + " drawn." + (d.largest.length ? " Largest: " + d.largest.join("; ") + "." : ""));
    });
    s.systems.forEach(function (x) {
      out.push(x.name + ": " + x.range + (x.min ? ", minimum " + x.min : "") +
               (x.sites.length ? "; from " + x.sites.join(", ") : "") + "." + (x.source ? " Source: " + x.source : ""));
    });
    if (s.sites.length) {
      out.push("Launch points: " + s.sites.map(function (p) {
        return p.name + " (" + degrees(p.lat) + ", " + degrees(p.lon) + ")";
      }).join("; ") + ".");
    }
    s.areas.forEach(function (a) { out.push(a.name + ": " + a.text + "." + (a.source ? " Source: " + a.source : "")); });
    return out;
  }

  function current(map) {  /* Python's words until the app has drawn and counted (app.js drawAtStart) */
    var R = window.rangemap, app = R && R.app && R.app.map === map && R.app.drawnAtStart ? R.app : null;
    return app ? fromApp(app) : map.rangemapState.summary;
  }

  /* Shapes drawn for looks only (borders, filled reach, the measure line) are hidden from assistive
   * technology; shapes with a tooltip stay. */
  function hideDecorative(layer) {
    if (!(layer instanceof L.Path) || layer.options.interactive) { return; }
    var e = layer.getElement && layer.getElement();
    if (e) { e.setAttribute("aria-hidden", "true"); }
  }

  function summaryControl(map, s) {
    var id = "rangemap-summary-" + (++counter), control = L.control({position: "bottomleft"});
    var div = node("div", "rangemap-describe"), toggle = node("button", "rangemap-describe-toggle", "Describe this map");
    var box = node("section", "rangemap-summary rangemap-sr"), list = node("ul");
    box.id = id;
    box.setAttribute("aria-labelledby", id + "-h");
    var h = node("h2", "rangemap-sr", "What this map shows");
    h.id = id + "-h";
    box.appendChild(h);
    box.appendChild(list);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    function show(open) {
      box.classList.toggle("rangemap-sr", !open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }  /* it scrolls when open */
    }
    toggle.onclick = function () { show(toggle.getAttribute("aria-expanded") !== "true"); };
    div.addEventListener("keydown", function (e) {  /* Escape folds it and leaves focus on the toggle */
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { show(false); toggle.focus(); }
    });
    function fill(summary) {
      list.textContent = "";
      lines(summary).forEach(function (line) { list.appendChild(node("li", null, line)); });
    }
    fill(s);
    control.onAdd = function () {
      div.appendChild(toggle); div.appendChild(box);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    return fill;
  }

  NS.summaryLines = function (map) { return lines(current(map)); };

  NS.describe = function (map, state) {
    var c = map.getContainer(), s = current(map) || {headline: "Reach map", systems: [], sites: [], areas: [],
                                                      drawn: [], reach: null, title: null};
    c.setAttribute("role", "main");
    c.setAttribute("aria-label", "Map: " + (state.title || s.headline));
    if (!c.querySelector("h1")) { c.insertBefore(node("h1", "rangemap-sr", state.title || s.headline), c.firstChild); }
    var layers = c.querySelector(".leaflet-control-layers-toggle");
    if (layers) { layers.setAttribute("aria-label", "Layers: base map and overlays"); }
    ["rangemapBorders"].forEach(function (pane) {
      var p = map.getPane(pane);
      if (p) { p.setAttribute("aria-hidden", "true"); }
    });
    map.eachLayer(hideDecorative);
    map.on("layeradd", function (e) { hideDecorative(e.layer); });
    var fill = summaryControl(map, s), R = window.rangemap, app = R && R.app && R.app.map === map ? R.app : null;
    if (app) {
      if (app.ui.people) { app.ui.people.setAttribute("aria-live", "polite"); }
      if (app.ui.readout) { app.ui.readout.setAttribute("aria-live", "polite"); }
      R.onChange(function () { fill(fromApp(app)); });
    }
  };
})();
