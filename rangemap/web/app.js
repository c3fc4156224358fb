/* rangemap in-page app: the reach map as an instrument (plain browser JS, no build step).
 *
 * Started by the page script (web/page.js) with the app's part of the page state (sites, systems, catalog,
 * cities; rangemap/render/interactive.py) and the Leaflet layers page.js made: an empty layer per system,
 * which the app draws rings, envelopes and sites into, the cities layer, the layer control, the page's
 * styles and its legend. Needs Leaflet, geographiclib-geodesic (window.geodesic) and
 * reach.js (window.rangemap.reach). Drag a launch point and its rings follow; click or type to add one;
 * pick systems or a custom range; measure to the cursor; the state lives in the URL hash.
 * A link is untrusted: every name from it (or from the state) reaches the page through textContent,
 * never as markup, and bad values are dropped with a visible notice.
 * This file: the App's state and drawing (systems, sites, rings, envelopes, dragging, cities in reach,
 * measuring) and the public API; util.js holds the helpers, ui.js the panel, map clicks and the link.
 */
(function () {
  "use strict";
  var R = window.rangemap, U = R._util;
  var Geod = U.Geod, WGS84 = U.WGS84, METRES_PER = U.METRES_PER, ID = U.ID, COLOUR = U.COLOUR,
      EARTH_MEAN_RADIUS_M = U.EARTH_MEAN_RADIUS_M, has = U.has, finite = U.finite, wrapLon = U.wrapLon,
      quote = U.quote, escapeHtml = U.escapeHtml, el = U.el, parseDistance = U.parseDistance,
      grouped = U.grouped, formatDistance = U.formatDistance, crc32 = U.crc32, distance = U.distance,
      displayReach = U.displayReach, latLngs = U.latLngs, parseHash = U.parseHash;
  // the catalog's range qualifiers (data/README.md); "at least" and "more than" are floors
  var QUALIFIERS = ["about", "up to", "at least", "more than"], FLOORS = ["at least", "more than"];

  function App(cfg, refs) {
    var self = this;
    this.cfg = cfg; this.refs = refs; this.map = refs.map; this.styles = refs.styles;
    this.units = cfg.units === "mi" ? "mi" : "km";
    this.tol = finite(cfg.tolerance_m) ? cfg.tolerance_m : 50;
    this.dragTol = finite(cfg.drag_tolerance_m) ? cfg.drag_tolerance_m : 500;
    this.systems = Object.create(null);  // no prototype: ids come from links
    this.systemOrder = []; this.sites = []; this.noticeList = [];
    this.active = null; this.counter = 0; this.measuring = false; this.adding = false; this.drag = null;
    this.dragLog = [];
    this.catalogIds = Object.create(null);
    this.cities = this.prepareCities(cfg.cities);
    // Rings in their own pane (a layer of its own for the compositor: redrawing them while a site is dragged
    // does not repaint the borders and thousands of city markers beneath); sites above them.
    var rings = this.map.getPane("rangemapRings") || this.map.createPane("rangemapRings");
    rings.style.zIndex = 410; rings.style.willChange = "transform";
    if (!this.map.getPane("rangemapSites")) this.map.createPane("rangemapSites").style.zIndex = 450;
    this.looseGroup = L.featureGroup().addTo(this.map);  // markers of sites with no system shown
    this.measureLine = L.polyline([], {color: "#111", weight: 2, dashArray: "5 5", interactive: false,
                                       className: "rangemap-measure-line"});
    this.measureEnd = L.circleMarker([0, 0], {radius: 4, color: "#111", weight: 2, fillColor: "#fff", fillOpacity: 1,
                                              interactive: false});
    this.measureLayer = L.layerGroup([this.measureLine, this.measureEnd]);
    cfg.catalog.forEach(function (c) { self.catalogIds[c.id] = true; self.defineSystem(c, false); });
    cfg.systems.forEach(function (s) { self.defineSystem(s, false); });
    this.buildPanel();
    var fromHash = this.readHash(window.location.hash, true);
    if (!fromHash) cfg.sites.forEach(function (s) { self.addSiteRaw(s.id, s.name, s.lat, s.lon, s.systems); });
    this.citiesChanged = fromHash;
    this.drawnAtStart = false;
    this.bindMap();
    this.showLink();
    this.drawAtStart(this.tol);
  }

  /** The first drawing, each system from each launch point in a task of its own (web/tasks.js: no long task
   *  while the page loads), then envelopes, cities in reach, legend and the chosen site; drawnAtStart says it
   *  is done. A site removed or redrawn meanwhile (a link reloaded) is not drawn again. Without the tasks, all
   *  at once. */
  App.prototype.drawAtStart = function (tol) {
    var self = this, T = window.rangemapTasks;
    var finish = function () {
      self.systemOrder.forEach(function (sid) { if (self.systems[sid].envelope || self.used(sid)) self.drawEnvelope(sid); });
      self.updateCities(self.citiesChanged || !!self.refs.citiesByApp, true);
      self.updateLegend();
      self.select(self.active || (self.sites[0] && self.sites[0].id));
      self.drawnAtStart = true;
      self.declutterSoon();
      self.tellHosts();  // the page's summary (describe.js) and a host now read the app's own counts
    };
    if (!T) { this.sites.forEach(function (site) { self.drawSite(site, tol); }); finish(); return; }
    this.sites.forEach(function (site) {  // a task for each system's rings from each site
      if (!site.systems.length) {
        T.soon(function () { if (self.sites.indexOf(site) >= 0 && !site.drawn) self.drawSite(site, tol); });
      }
      site.systems.forEach(function (sid) {  // its rings, then (a task of its own) the places they reach
        var still = function () { return self.sites.indexOf(site) >= 0 && site.systems.indexOf(sid) >= 0; };
        T.soon(function () {
          var shape = site.shapes[sid];
          if (still() && !(shape && shape.tol)) self.drawSite(site, tol, sid, true);
        });
        T.soon(function () {
          var sys = self.systems[sid];
          if (still() && !site.inside[sid])
            site.inside[sid] = self.citiesInside(site.lat, site.lon, sys.range_m, sys.min_range_m);
        });
      });
    });
    T.soon(finish);
  };

  App.prototype.notice = function (text) {
    this.noticeList.push(text);
    var box = this.ui.notices;
    box.appendChild(el("div", null, text));
    box.scrollTop = box.scrollHeight;
  };

  App.prototype.defineSystem = function (s, custom) {
    var old = has(this.systems, s.id) ? this.systems[s.id] : null;
    var colour = COLOUR.test(s.colour || "") ? s.colour :
      this.cfg.style.palette[crc32(s.id) % this.cfg.style.palette.length];
    var sys = {id: s.id, name: String(s.name || s.id), range_m: s.range_m, min_range_m: s.min_range_m || 0,
               source: String(s.source || (custom ? "custom range entered in the page" : "")), colour: colour,
               bands: (s.bands || []).filter(function (b) { return finite(b.range_m) && b.range_m > 0; }),
               qualifier: custom ? "" : QUALIFIERS.indexOf(s.qualifier) >= 0 ? s.qualifier : "",
               custom: !!custom, group: old ? old.group : null, envelope: old ? old.envelope : null,
               flight: s.flight || (old && old.flight) || null, cep: s.cep || (old && old.cep) || []};  // time.js
    if (!old) this.systemOrder.push(s.id);
    this.systems[s.id] = sys;
    return sys;
  };

  /** A system's range as its source words it ("more than 250 km (155 mi)"); other distances plain. */
  App.prototype.rangeText = function (sys, metres) {
    return (sys.qualifier && metres === sys.range_m ? sys.qualifier + " " : "") + formatDistance(metres, this.units);
  };

  App.prototype.group = function (sys) {
    if (sys.group) return sys.group;
    if (this.refs.layers && has(this.refs.layers, sys.id)) sys.group = this.refs.layers[sys.id];
    else {
      sys.group = L.featureGroup().addTo(this.map);
      if (this.refs.control)
        this.refs.control.addOverlay(sys.group, escapeHtml(sys.name + " — " + this.rangeText(sys, sys.range_m)));
    }
    return sys.group;
  };

  // ---- sites ------------------------------------------------------------------------------------
  App.prototype.newId = function (base) {
    var ids = Object.create(null), id;
    this.sites.forEach(function (s) { ids[s.id] = true; });
    if (base && ID.test(base) && !ids[base]) return base;
    do { this.counter += 1; id = "p" + this.counter; } while (ids[id]);
    return id;
  };

  App.prototype.addSiteRaw = function (id, name, lat, lon, systems) {
    var self = this;
    var site = {id: this.newId(id), name: String(name), lat: lat, lon: wrapLon(lon), shift: 0, systems: [],
                shapes: Object.create(null), markers: Object.create(null), inside: Object.create(null), loose: null};
    (systems || []).forEach(function (sid) {
      if (!has(self.systems, sid)) self.notice("ignored unknown system " + quote(sid, 40) + " at " + quote(site.name, 40));
      else if (site.systems.indexOf(sid) < 0) site.systems.push(sid);
    });
    this.sites.push(site);
    return site;
  };

  App.prototype.site = function (id) {
    for (var i = 0; i < this.sites.length; i++) if (this.sites[i].id === id) return this.sites[i];
    return null;
  };

  App.prototype.marker = function (site, group, key) {
    var self = this, opts = L.extend({}, this.styles.site, {className: "rangemap-site", bubblingMouseEvents: false,
                                                          pane: "rangemapSites"});
    var m = L.circleMarker([site.lat, site.lon + site.shift], opts), near = this.cfg.style.label_near_deg;
    var crowded = this.sites.some(function (o) {  // as the static map: the label goes left when a site is close
      return o !== site && Math.abs(o.lat - site.lat) < near[0] && Math.abs(o.lon - site.lon) < near[1] &&
        self.sites.indexOf(o) < self.sites.indexOf(site);
    });
    var label = el("span", null, site.name);
    m.bindTooltip(label, {permanent: true, direction: crowded ? "left" : "right", className: "rangemap-site-label"});
    m.on("add", function () {  // pointer events: mouse, pen and touch alike (Leaflet makes a new path on each add)
      var path = m.getElement();
      if (path && !path.rangemapDrag) {
        path.rangemapDrag = true;
        path.addEventListener("pointerdown", function (ev) { self.startDrag(site, ev); });
      }
    });
    m.on("click", function (e) { L.DomEvent.stop(e); });
    m.rangemapSite = site.id;
    group.addLayer(m);
    if (key) site.markers[key] = m; else site.loose = m;
    return m;
  };

  /** Recompute one site's rings (display geometry) at `tol`, redraw them and its markers, and find the cities
   *  they reach (not with `ringsOnly`: the caller counts them): for every system of the site, or for `only`. */
  App.prototype.drawSite = function (site, tol, only, ringsOnly) {
    var self = this;
    (only ? [only] : site.systems).forEach(function (sid) {
      var sys = self.systems[sid], group = self.group(sys);
      var shape = site.shapes[sid] || (site.shapes[sid] = {layers: []});
      var rings = [{band: "nominal", range_m: sys.range_m}].concat(sys.bands);
      rings.forEach(function (ring, i) {
        var geom;
        try {
          geom = displayReach(site.lat, site.lon, ring.range_m, {minRangeM: sys.min_range_m, toleranceM: tol});
        } catch (err) {
          self.notice("could not compute the reach of " + quote(sys.name, 40) + " from " + quote(site.name, 40) +
                      ": " + err.message);
          geom = {type: "Polygon", coordinates: []};
        }
        var page = window.rangemapPage;  // a reach round a pole is drawn across every world the map shows
        var ll = latLngs(page && page.widen ? page.widen(geom) : geom, site.shift);
        if (i === 0) shape.display = ll;
        var layer = shape.layers[i];
        if (layer) layer.setLatLngs(ll);
        else {
          var style = L.extend({}, i === 0 ? self.styles.ring : self.styles.band,
                               {color: sys.colour, fill: false, className: "rangemap-reach", pane: "rangemapRings"});
          // unfilled: the cities and borders beneath keep their tooltips; a ring's tooltip shows on its line
          layer = L.polygon(ll, style);
          layer.feature = {type: "Feature", geometry: null,
                           properties: {rangemap: "reach", system: sid, site: site.id, band: ring.band,
                                        range_m: ring.range_m}};
          layer.bindTooltip(function () { return self.reachTip(site, sys, ring); }, {sticky: true});
          group.addLayer(layer);
          shape.layers[i] = layer;
        }
      });
      shape.lat = site.lat; shape.lon = site.lon; shape.tol = tol; site.drawn = true;
      var mk = site.markers[sid] || self.marker(site, group, sid);
      mk.setLatLng([site.lat, site.lon + site.shift]);
      if (ringsOnly) delete site.inside[sid];  // counted in a task of its own (drawAtStart)
      else site.inside[sid] = self.citiesInside(site.lat, site.lon, sys.range_m, sys.min_range_m);
    });
    this.shareDashes(site);
    this.declutterSoon();
    if (site.systems.length === 0) {
      (site.loose || this.marker(site, this.looseGroup, null)).setLatLng([site.lat, site.lon + site.shift]);
    } else if (site.loose) { this.looseGroup.removeLayer(site.loose); site.loose = null; }
  };

  /** Labels re-placed so none covers another (rangemapPage.declutter), once the sites stop moving. */
  App.prototype.declutterSoon = function () {
    var self = this, page = window.rangemapPage;
    if (!page || !page.declutter) return;
    clearTimeout(this.declutterTimer);
    this.declutterTimer = setTimeout(function () { page.declutter(self.map); }, 150);
  };

  /** A ring's tooltip, lines of text as the static page has them (rangemapPage.tip shows them as text). */
  /** Rings of several systems with the same range from the same site: their colours alternate along it
   * (dashes as the static page draws them). */
  App.prototype.shareDashes = function (site) {
    var self = this, groups = Object.create(null), dash = this.cfg.style.shared_dash_px || 9;
    site.systems.forEach(function (sid) {
      var sys = self.systems[sid], shape = site.shapes[sid];
      [{band: "nominal", range_m: sys.range_m}].concat(sys.bands).forEach(function (ring, i) {
        var layer = shape && shape.layers[i], key = [Math.round(ring.range_m), Math.round(sys.min_range_m), ring.band];
        if (layer) (groups[key.join("|")] = groups[key.join("|")] || []).push([layer, i]);
      });
    });
    site.shared = false;
    Object.keys(groups).forEach(function (k) {
      var g = groups[k], n = g.length;
      g.forEach(function (entry, j) {
        var base = entry[1] === 0 ? self.styles.ring : self.styles.band;
        entry[0].setStyle(n > 1 ? {dashArray: dash + " " + dash * (n - 1), dashOffset: String(dash * j)}
                                : {dashArray: base.dashArray || null, dashOffset: null});
      });
      if (n > 1) site.shared = true;
    });
  };

  App.prototype.reachTip = function (site, sys, ring) {
    var lines = [sys.name + (ring.band !== "nominal" ? " (" + ring.band + " end of reported band)" : ""),
      "from " + site.name, "range " + this.rangeText(sys, ring.range_m) +
      (sys.min_range_m > 0 ? ", minimum " + formatDistance(sys.min_range_m, this.units) : "")];
    if (sys.source) lines.push({note: sys.source});
    return window.rangemapPage.tip(lines);
  };

  /** One filled path per system: the union of its sites' reach (nonzero fill of consistently wound rings). */
  App.prototype.drawEnvelope = function (sid) {
    var sys = this.systems[sid], all = [];
    this.sites.forEach(function (site) {
      if (site.systems.indexOf(sid) >= 0 && site.shapes[sid] && site.shapes[sid].display)
        all = all.concat(site.shapes[sid].display);
    });
    if (!sys.envelope) {
      sys.envelope = L.polygon(all, L.extend({}, this.styles.envelope, {fillColor: sys.colour, fillRule: "nonzero",
                                                                         interactive: false, pane: "rangemapRings"}));
      sys.envelope.feature = {type: "Feature", geometry: null, properties: {rangemap: "envelope", system: sid}};
    } else sys.envelope.setLatLngs(all);
    var group = this.group(sys);
    if (all.length && !group.hasLayer(sys.envelope)) group.addLayer(sys.envelope);  // above the borders; not interactive
    if (!all.length && group.hasLayer(sys.envelope)) group.removeLayer(sys.envelope);
  };

  App.prototype.redrawAll = function (tol) {
    var self = this;
    this.sites.forEach(function (site) { self.drawSite(site, tol); });
    this.systemOrder.forEach(function (sid) { if (self.systems[sid].envelope || self.used(sid)) self.drawEnvelope(sid); });
    this.updateCities(this.citiesChanged);
  };

  App.prototype.used = function (sid) {
    return this.sites.some(function (s) { return s.systems.indexOf(sid) >= 0; });
  };

  App.prototype.removeSiteLayers = function (site, sid) {
    var shape = site.shapes[sid], group = this.systems[sid].group;
    if (shape) shape.layers.forEach(function (l) { group.removeLayer(l); });
    if (site.markers[sid]) group.removeLayer(site.markers[sid]);
    delete site.shapes[sid]; delete site.markers[sid]; delete site.inside[sid];
  };

  /** Move a site to (lat, lon); `rawLon` (where the pointer is) keeps its rings beside the pointer. */
  App.prototype.move = function (site, lat, lon, tol, rawLon) {
    var self = this;
    site.lat = lat; site.lon = wrapLon(lon);
    site.shift = finite(rawLon) ? Math.round((rawLon - site.lon) / 360) * 360 : 0;
    this.drawSite(site, tol);
    site.systems.forEach(function (sid) { self.drawEnvelope(sid); });
  };

  App.prototype.changed = function () {  // after anything but a drag frame
    if (!this.citiesChanged) (this.refs.stale || []).forEach(function (g) { g.clearLayers(); });  // computed in Python
    this.citiesChanged = true;
    this.updateCities(true);
    this.updateLegend();
    this.writeHash();
    this.showSite();
    if (this.timesChanged) this.timesChanged();  // warning-time rings follow the sites (time.js)
    this.tellHosts();
  };

  /** Tell a host (the notebook widget) that the state or the pinned point changed. */
  App.prototype.tellHosts = function () {
    (R._changeListeners || []).forEach(function (fn) { try { fn(); } catch (e) { /* a listener's own fault */ } });
  };

  /** Pin the point measured to (a latlng), or unpin it (null); a host hears of it. */
  App.prototype.setPinned = function (latlng) {
    this.pinned = latlng ? L.latLng(latlng.lat, latlng.lng) : null;
    this.tellHosts();
  };

  /** The legend as the page draws it, for the systems shown now (page.js redraws it from these data). */
  App.prototype.updateLegend = function () {
    var self = this, first = this.refs.legend, setLegend = this.refs.setLegend;
    if (!first || !setLegend) return;
    var known = Object.create(null), order = [], rows = [];
    first.rows.forEach(function (r) { if (r.role === "system" && r.id !== undefined) { known[r.id] = r; order.push(r.id); } });
    this.systemOrder.forEach(function (sid) { if (!has(known, sid)) order.push(sid); });
    var used = order.filter(function (sid) { return has(self.systems, sid) && self.used(sid); });
    var key = used.join("\n") + (this.sites.some(function (s) { return s.shared; }) ? "\nshared" : "");
    if (key === this.legendKey) return;
    this.legendKey = key;
    used.forEach(function (sid) {
      var s = self.systems[sid];
      rows.push(has(known, sid) ? known[sid] : {role: "system", id: sid, kind: "fill", colour: s.colour, name: s.name,
        label: self.rangeText(s, s.range_m), source: s.source});
    });
    rows = rows.concat(first.rows.filter(function (r) { return r.role !== "system"; }));
    var notes = this.cfg.notes || {}, on = {
      band: used.some(function (sid) { return self.systems[sid].bands.length > 0; }),
      min: used.some(function (sid) { return self.systems[sid].min_range_m > 0; }),
      shared: this.sites.some(function (s) { return s.shared; }),
      cities: !!this.refs.cities,
      floor: used.some(function (sid) { return FLOORS.indexOf(self.systems[sid].qualifier) >= 0; })};
    setLegend({rows: rows, attribution: first.attribution,
               notes: ["band", "min", "shared", "cities", "floor"].filter(function (k) { return on[k] && notes[k]; })
                 .map(function (k) { return notes[k]; })});
  };

  // ---- dragging ---------------------------------------------------------------------------------
  App.prototype.startDrag = function (site, ev) {
    var self = this, map = this.map;
    if (ev.button !== 0 || this.drag) return;
    ev.preventDefault(); ev.stopPropagation();
    map.dragging.disable();
    this.select(site.id);
    var drag = this.drag = {site: site, pointer: ev.pointerId, moved: false, pending: null, raf: 0, frames: [],
                            computeMs: []};
    drag.onMove = function (e) {
      if (e.pointerId !== drag.pointer) return;
      drag.moved = true; drag.pending = map.mouseEventToLatLng(e);
      if (!drag.raf) drag.raf = window.requestAnimationFrame(function () { self.dragFrame(); });
    };
    drag.onUp = function (e) { if (e.pointerId === drag.pointer) self.endDrag(); };
    document.addEventListener("pointermove", drag.onMove, true);
    document.addEventListener("pointerup", drag.onUp, true);
    document.addEventListener("pointercancel", drag.onUp, true);
  };

  App.prototype.dragFrame = function () {
    var drag = this.drag;
    if (!drag) return;
    drag.raf = 0;
    var t0 = performance.now(), ll = drag.pending;
    this.move(drag.site, Math.max(-90, Math.min(90, ll.lat)), ll.lng, this.dragTol, ll.lng);
    this.updateCities(false);
    this.ui.siteInfo.textContent = this.siteText(drag.site);
    drag.computeMs.push(performance.now() - t0);
    drag.frames.push(t0);
  };

  App.prototype.endDrag = function () {
    var drag = this.drag;
    if (!drag) return;
    if (drag.raf) { window.cancelAnimationFrame(drag.raf); drag.raf = 0; }
    document.removeEventListener("pointermove", drag.onMove, true);
    document.removeEventListener("pointerup", drag.onUp, true);
    document.removeEventListener("pointercancel", drag.onUp, true);
    this.map.dragging.enable();
    this.drag = null;
    if (drag.moved && drag.pending) {
      var ll = drag.pending;
      this.move(drag.site, Math.max(-90, Math.min(90, ll.lat)), ll.lng, this.tol, ll.lng);  // exact on drop
      this.changed();
    }
    var f = drag.frames, ms = drag.computeMs.slice().sort(function (a, b) { return a - b; });
    this.dragLog.push({frames: f.length, seconds: f.length > 1 ? (f[f.length - 1] - f[0]) / 1000 : 0,
                       fps: f.length > 1 ? (f.length - 1) / ((f[f.length - 1] - f[0]) / 1000) : null,
                       median_compute_ms: ms.length ? ms[Math.floor(ms.length / 2)] : null,
                       max_compute_ms: ms.length ? ms[ms.length - 1] : null});
  };

  // ---- cities in reach --------------------------------------------------------------------------
  /** The cities table: coordinates decoded (1/scale degrees, latitudes as steps), unit vectors for screening. */
  App.prototype.prepareCities = function (c) {
    var n = c && c.lon ? c.lon.length : 0, rad = Math.PI / 180, scale = c && c.scale > 0 ? c.scale : 1, acc = 0;
    var out = {n: n, name: c ? c.name : [], country: c ? c.country : [], lat: new Float64Array(n),
               lon: new Float64Array(n), pop: c ? c.pop : [], nDrawn: c ? c.name.length : 0,  // drawn first, named
               x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n),
               layer: this.refs.cities || null, source: c ? c.source : "",
               region: c && c.region ? c.region : [], coverage: c && c.coverage ? c.coverage : ""};
    for (var i = 0; i < n; i++) {
      acc += c.latSteps[i];
      out.lat[i] = acc / scale; out.lon[i] = c.lon[i] / scale;
      var la = out.lat[i] * rad, lo = out.lon[i] * rad;
      out.x[i] = Math.cos(la) * Math.cos(lo); out.y[i] = Math.cos(la) * Math.sin(lo); out.z[i] = Math.sin(la);
    }
    return out;
  };

  /* Lambert's formula for the WGS84 distance (m) from a point of reduced latitude (sin b1, cos b1) and
   * longitude lon1 (radians) to (lat2, lon2) (degrees); NaN beyond 2 radians of arc (12,700 km) or within
   * 6 m. Against GeographicLib on 2.4 million pairs it was within 25 m, its error at most 7% of lambertSlack. */
  var LAMBERT_F = 1 / 298.257223563, LAMBERT_A = 6378137;
  function lambertM(sb1, cb1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, b2 = Math.atan((1 - LAMBERT_F) * Math.tan(lat2 * rad)), sb2 = Math.sin(b2),
        cb2 = Math.cos(b2);
    var sig = Math.acos(Math.max(-1, Math.min(1, sb1 * sb2 + cb1 * cb2 * Math.cos(lon2 * rad - lon1))));
    if (!(sig <= 2 && sig > 1e-6)) return NaN;
    var b1 = Math.atan2(sb1, cb1), sp = Math.sin((b1 + b2) / 2), cq = Math.cos((b2 - b1) / 2);
    var cp = Math.cos((b1 + b2) / 2), sq = Math.sin((b2 - b1) / 2), ch = Math.cos(sig / 2), sh = Math.sin(sig / 2);
    var X = (sig - Math.sin(sig)) * sp * sp * cq * cq / (ch * ch), Y = (sig + Math.sin(sig)) * cp * cp * sq * sq / (sh * sh);
    return LAMBERT_A * (sig - LAMBERT_F / 2 * (X + Y));
  }
  function lambertSlack(d) { return 100 + 2e-5 * d; }

  /** Which cities lie within [minM, maxM] of (lat, lon): a spherical pre-screen, then Lambert's formula,
   * exact WGS84 only within its error bound of the edges. */
  App.prototype.citiesInside = function (lat, lon, maxM, minM) {
    var C = this.cities, out = new Uint8Array(C.n), rad = Math.PI / 180;
    var x = Math.cos(lat * rad) * Math.cos(lon * rad), y = Math.cos(lat * rad) * Math.sin(lon * rad);
    var z = Math.sin(lat * rad);
    var slackMax = 0.006 * maxM + 2000, slackMin = 0.006 * minM + 2000;
    var b1 = Math.atan((1 - LAMBERT_F) * Math.tan(lat * rad)), sb1 = Math.sin(b1), cb1 = Math.cos(b1);
    for (var i = 0; i < C.n; i++) {
      var dot = Math.max(-1, Math.min(1, x * C.x[i] + y * C.y[i] + z * C.z[i]));
      var d = EARTH_MEAN_RADIUS_M * Math.acos(dot);
      if (d > maxM + slackMax || (minM > 0 && d < minM - slackMin)) continue;
      if (d < maxM - slackMax && (minM <= 0 || d > minM + slackMin)) { out[i] = 1; continue; }
      var near = Math.abs(lat) < 90 ? lambertM(sb1, cb1, lon * rad, C.lat[i], C.lon[i]) : NaN;
      if (near === near) {
        var s = lambertSlack(near);
        if (near > maxM + s || (minM > 0 && near < minM - s)) continue;
        if (near < maxM - s && (minM <= 0 || near > minM + s)) { out[i] = 1; continue; }
      }
      var exact = distance(lat, lon, C.lat[i], C.lon[i]);
      if (exact <= maxM && exact >= minM) out[i] = 1;
    }
    return out;
  };

  /** Count the people in reach and, with `markers`, draw the places in reach (big first, the largest
   *  named); `inTasks`: the dots in short tasks (web/tasks.js), shown together when the last is in. */
  App.prototype.updateCities = function (markers, inTasks) {
    var C = this.cities, any = new Uint8Array(C.n), self = this;
    this.sites.forEach(function (site) {
      site.systems.forEach(function (sid) {
        var a = site.inside[sid];
        if (a) for (var i = 0; i < C.n; i++) any[i] |= a[i];
      });
    });
    var count = 0, people = 0, list = [];
    for (var i = 0; i < C.n; i++) if (any[i]) { count += 1; people += C.pop[i]; list.push(i); }
    this.inReach = {cities: count, people: people};
    this.ui.people.textContent = grouped(count) + " places, " + grouped(people / 1e6, 1) + " million people in reach";
    if (!markers || !C.layer) return;
    C.layer.clearLayers();  // drawn as the static page draws them: the places drawn, big first, largest named
    var drawing = this.cityDrawing = (this.cityDrawing || 0) + 1;  // a later drawing ends this one's tasks
    list = list.filter(function (i) { return i < C.nDrawn; });
    list.sort(function (a, b) { return C.pop[b] - C.pop[a]; });
    var st = this.styles.city, labels = this.cfg.style.city_labels, minPop = this.cfg.style.city_label_min_pop;
    var pane = this.map.getPane("rangemapCities"), T = window.rangemapTasks;
    var options = pane ? L.extend({className: "rangemap-city", pane: "rangemapCities"}, st)
                       : L.extend({className: "rangemap-city"}, st);
    if (!C.tipBound) {  // one tooltip for the layer, written for the dot under the pointer: not one per dot
      C.tipBound = true;
      C.layer.bindTooltip(function (dot) { return dot && dot.rangemapCity >= 0 ? self.cityTip(dot.rangemapCity) : ""; });
    }
    function add(i, k) {
      var pop = C.pop[i], radius = Math.min(Math.round((1.5 + Math.sqrt(pop) / 300) * 10) / 10, 9);
      var dot = L.circleMarker([C.lat[i], C.lon[i]], L.extend({radius: radius}, options));
      dot.rangemapCity = i;
      dot.addTo(C.layer);
      if (k < labels && pop >= minPop)
        L.tooltip({permanent: true, direction: "right", className: "rangemap-city-label", interactive: false})
          .setLatLng([C.lat[i], C.lon[i]]).setContent(el("span", null, C.name[i])).addTo(C.layer);
    }
    if (!inTasks || !T || !pane || !list.length) { list.forEach(add); return; }
    pane.style.display = "none";  // each chunk painted on its own costs a phone more than one layout at the end
    T.each(list, function (i, k) { if (drawing !== self.cityDrawing) return false; add(i, k); },
           function () { pane.style.display = ""; self.declutterSoon(); });
  };

  App.prototype.cityTip = function (i) {
    var C = this.cities, self = this, div = el("div");
    div.appendChild(el("b", null, C.name[i]));
    var where = C.region && C.region[i] ? C.region[i] + ", " + C.country[i] : C.country[i];
    div.appendChild(document.createTextNode(" (" + where + "), pop. " + grouped(C.pop[i])));
    this.systemOrder.forEach(function (sid) {
      var best = null;
      self.sites.forEach(function (site) {
        if (site.inside[sid] && site.inside[sid][i]) {
          var d = distance(site.lat, site.lon, C.lat[i], C.lon[i]);
          if (!best || d < best.d) best = {d: d, site: site};
        }
      });
      if (best) {
        var t = self.flightTime ? self.flightTime(sid, best.d) : null;  // time.js
        div.appendChild(el("div", null, self.systems[sid].name + ": " + grouped(best.d / 1000) + " km from " +
                                        best.site.name + (t ? ", " + t.text : "")));
      }
    });
    return div;
  };

  // ---- measure ----------------------------------------------------------------------------------
  /** Distance and bearing from a site (default: the active one) to (lat, lon), and each system's verdict. */
  App.prototype.measureTo = function (lat, lon, siteId) {
    var site = this.site(siteId || this.active), self = this;
    if (!site || !finite(lat) || !finite(lon) || Math.abs(lat) > 90) return null;  // no point, no verdict
    var inv = WGS84.Inverse(site.lat, site.lon, lat, wrapLon(lon), Geod.DISTANCE | Geod.AZIMUTH);
    var d = inv.s12;
    return {site: site.id, distance_m: d, bearing_deg: (inv.azi1 + 360) % 360,
            systems: site.systems.map(function (sid) {
              var sys = self.systems[sid];
              var verdict = d > sys.range_m ? "out" : d < sys.min_range_m ? "inside-minimum" : "in";
              var by = verdict === "out" ? d - sys.range_m : verdict === "in" ? sys.range_m - d : sys.min_range_m - d;
              return {system: sid, name: sys.name, verdict: verdict, by_m: by};
            })};
  };

  // ---- public API -------------------------------------------------------------------------------
  App.prototype.drawn = function () {
    var self = this, features = [];
    this.sites.forEach(function (site) {
      site.systems.forEach(function (sid) {
        var sys = self.systems[sid], shape = site.shapes[sid];
        var tol = shape && shape.tol ? shape.tol : self.tol;
        features.push({type: "Feature",
          geometry: R.reach(site.lat, site.lon, sys.range_m, {minRangeM: sys.min_range_m, toleranceM: tol}),
          properties: {system: sid, system_name: sys.name, site: site.id, site_name: site.name, lat: site.lat,
                       lon: site.lon, range_m: sys.range_m, min_range_m: sys.min_range_m, tolerance_m: tol}});
      });
    });
    return {type: "FeatureCollection", features: features};
  };
  R._App = App;  // ui.js adds the panel, map events and link methods


  /** Start the app on a map page.js drew: `cfg` is the app's state, `refs` the Leaflet objects it draws into;
   * null (and page.js draws the static map) if it cannot start. */
  R.start = function (cfg, refs) {
    var app;
    try { app = new App(cfg, refs); } catch (err) {
      if (window.console) console.error("rangemap: the interactive layer could not start:", err);
      return null;
    }
    R.app = app;
    R.sites = function () {
      return app.sites.map(function (s) { return {id: s.id, name: s.name, lat: s.lat, lon: s.lon}; });
    };
    R.moveSite = function (id, lat, lon) {
      var site = app.site(id);
      if (!site) throw new Error("no launch point with id " + quote(id, 40));
      if (!finite(lat) || !finite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 540)
        throw new Error("launch point (" + lat + ", " + lon + "): latitude must be within -90..90, longitude -180..180");
      app.move(site, lat, lon, app.tol, lon);
      app.changed();
    };
    R.addSite = function (lat, lon, name) { return app.addSite(lat, lon, name); };
    R.removeSite = function (id) { return app.removeSite(id); };
    R.setSystems = function (id, systems) {
      var site = app.site(id);
      if (!site) throw new Error("no launch point with id " + quote(id, 40));
      app.systemOrder.forEach(function (sid) { app.toggleSystem(site, sid, systems.indexOf(sid) >= 0); });
    };
    R.addRange = function (range, minRange, name) { return app.addCustom(range, minRange || "", name || ""); };
    R.measure = function (lat, lon, siteId) { return app.measureTo(lat, lon, siteId); };
    R.drawn = function () { return app.drawn(); };
    /** The point pinned while measuring, {lat, lon, site} (the site measured from), or null. */
    R.pinned = function () {
      var p = app.pinned;
      return p ? {lat: p.lat, lon: wrapLon(p.lng), site: app.site(app.active) ? app.active : null} : null;
    };
    /** Pin (lat, lon) as a click while measuring does, measured from siteId (default: the active site);
     *  R.pin(null) unpins. */
    R.pin = function (lat, lon, siteId) {
      if (lat === null || lat === undefined) {
        if (app.pinned) { app.setPinned(null); app.ui.readout.textContent = ""; }
        return;
      }
      if (!finite(lat) || !finite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 540)
        throw new Error("pin (" + lat + ", " + lon + "): latitude must be within -90..90, longitude -180..180");
      if (siteId && !app.site(siteId)) throw new Error("no launch point with id " + quote(siteId, 40));
      if (siteId && siteId !== app.active) app.select(siteId);
      app.pin({lat: lat, lng: lon}, null);
    };
    R.state = function () { return app.hashText(); };
    R.notices = function () { return app.noticeList.slice(); };
    R.inReach = function () { return L.extend({}, app.inReach); };
    R.dragStats = function () { return app.dragLog.slice(); };
    /** Hooks for a host (the notebook widget): called after each user action (a drop, not a drag frame). */
    R.onChange = function (fn) { (R._changeListeners = R._changeListeners || []).push(fn); };
    R.reload = function (hash) { app.reload(String(hash)); };
    return app;
  };
})();
