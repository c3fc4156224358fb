/* rangemap in-page app: the reach map as an instrument (plain browser JS, no build step).
 *
 * Started by rangemap/render/interactive.py with the page state (sites, systems, catalog, cities) and
 * references to the map's Leaflet layers. Needs Leaflet, geographiclib-geodesic (window.geodesic) and
 * reach.js (window.rangemap.reach). Drag a launch point and its rings follow; click or type to add one;
 * pick systems or a custom range; measure to the cursor; the state lives in the URL hash.
 * A link is untrusted: every name from it (or from the state) reaches the page through textContent,
 * never as markup, and bad values are dropped with a visible notice.
 */
(function () {
  "use strict";
  var R = window.rangemap = window.rangemap || {};
  var Geod = window.geodesic.Geodesic, WGS84 = Geod.WGS84;
  var METRES_PER = {m: 1, km: 1000, mi: 1609.344, nmi: 1852};
  var ALIASES = {m: "m", metre: "m", metres: "m", meter: "m", meters: "m", km: "km", kilometre: "km",
    kilometres: "km", kilometer: "km", kilometers: "km", mi: "mi", mile: "mi", miles: "mi", nmi: "nmi",
    nm: "nmi", "nautical mile": "nmi", "nautical miles": "nmi"};
  var DISTANCE = /^\s*([-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:e[-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?))\s*([a-z ]*?)\s*$/i;
  var ID = /^[A-Za-z0-9_.\-]{1,64}$/;
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var EARTH_MEAN_RADIUS_M = 6371008.8;

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function finite(x) { return typeof x === "number" && isFinite(x); }
  function wrapLon(lon) {
    if (lon >= -180 && lon <= 180) return lon;
    var w = ((lon + 180) % 360 + 360) % 360 - 180;
    return w === -180 && lon > 0 ? 180 : w;
  }
  function quote(text, n) { var s = String(text); return "'" + (s.length > n ? s.slice(0, n) + "…" : s) + "'"; }
  function escapeHtml(s) {  // only for Leaflet's layer-control labels, which it sets as innerHTML
    return String(s).replace(/[&<>"'`]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /** Metres from "430 mi", "692 km", "373 nmi", "692000 m" or a bare number of km (as rangemap.units). */
  function parseDistance(text) {
    var s = String(text);
    if (!s.trim()) throw new Error("empty distance: give a number with a unit, e.g. '430 mi' or '692 km'");
    var m = DISTANCE.exec(s);
    if (!m) throw new Error("cannot read distance " + quote(s, 40) + ": expected a number and a unit, e.g. '430 mi'");
    var unitText = m[2].trim().toLowerCase();
    var unit = unitText ? (has(ALIASES, unitText) ? ALIASES[unitText] : null) : "km";
    if (!unit) throw new Error("unknown unit " + quote(unitText, 20) + " in " + quote(s, 40) + ": use one of km, m, mi, nmi");
    var value = Number(m[1].replace(/[,_]/g, ""));
    if (!isFinite(value)) throw new Error("distance must be finite, got " + quote(s, 40));
    if (value < 0) throw new Error("distance must not be negative, got " + quote(s, 40));
    return value * METRES_PER[unit];
  }

  function grouped(x, digits) {
    return x.toLocaleString("en-US", {maximumFractionDigits: digits || 0, minimumFractionDigits: digits || 0});
  }
  function formatDistance(metres, units) {
    var km = grouped(metres / 1000) + " km", mi = grouped(metres / METRES_PER.mi) + " mi";
    return units === "mi" ? mi + " (" + km + ")" : km + " (" + mi + ")";
  }

  var CRC = (function () {
    var t = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(text) {  // zlib.crc32 of the UTF-8 bytes, as styles.colour uses for ids outside the catalog
    var bytes = new TextEncoder().encode(text), c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }

  function distance(lat1, lon1, lat2, lon2) { return WGS84.Inverse(lat1, lon1, lat2, lon2, Geod.DISTANCE).s12; }

  /** The reach geometry for display: longitudes unwrapped around the site (reach.js's display variant). */
  function displayReach(lat, lon, rangeM, opts) {
    var f = R.reachDisplay || R.displayReach || R.reachUnwrapped;
    return typeof f === "function" ? f(lat, lon, rangeM, opts) : R.reach(lat, lon, rangeM, opts);
  }

  function ringArea(ring) {
    var a = 0;
    for (var i = 0, n = ring.length; i < n; i++) {
      var p = ring[i], q = ring[(i + 1) % n];
      a += p[0] * q[1] - q[0] * p[1];
    }
    return a / 2;
  }
  /** Leaflet lat/lngs of a GeoJSON (Multi)Polygon, shifted by `shift` degrees of longitude; outer rings
   * counter-clockwise and holes clockwise, so one path of many polygons fills as their union (nonzero). */
  function latLngs(geom, shift) {
    var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    return polys.map(function (poly) {
      return poly.map(function (ring, i) {
        var ll = ring.map(function (p) { return [p[1], p[0] + shift]; });
        if ((i === 0) !== (ringArea(ring) > 0)) ll.reverse();
        return ll;
      });
    });
  }

  /** The link state (the part after '#'): sites, custom ranges, view, active site; bad parts become notices. */
  function parseHash(text, limits) {
    var out = {sites: [], custom: [], view: null, active: null, notices: [], any: false};
    var params;
    try { params = new URLSearchParams(String(text).replace(/^#/, "")); } catch (e) {
      out.notices.push("ignored the link: it could not be read"); return out;
    }
    var num = function (s) { var x = s.trim() === "" ? NaN : Number(s); return isFinite(x) ? x : null; };
    var nameChars = limits.name_chars;
    params.forEach(function (value, key) {
      out.any = true;
      if (key === "v") return;
      if (key === "view") {
        var v = value.split(",").map(num);
        if (v.length === 3 && v.indexOf(null) < 0 && Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 540 && v[2] >= 0 && v[2] <= 19)
          out.view = {lat: v[0], lon: v[1], zoom: v[2]};
        else out.notices.push("ignored view " + quote(value, 60));
      } else if (key === "site") {
        var p = value.split("|"), name = p.slice(4).join("|");
        if (p.length < 5) { out.notices.push("ignored site " + quote(value, 60) + ": expected id|lat|lon|systems|name"); return; }
        var lat = num(p[1]), lon = num(p[2]);
        if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180)
          out.notices.push("ignored site " + quote(name, 60) + ": bad coordinates " + quote(p[1], 20) + ", " + quote(p[2], 20));
        else if (out.sites.length >= limits.sites) out.notices.push("ignored site " + quote(name, 60) + ": at most " + limits.sites + " sites");
        else out.sites.push({id: ID.test(p[0]) ? p[0] : null, name: name.slice(0, nameChars), lat: lat, lon: lon,
                             systems: p[3].split(",").filter(function (s) { return s; })});
      } else if (key === "custom") {
        var c = value.split("|"), r = c.length >= 4 ? num(c[1]) : null, mn = c.length >= 4 ? num(c[2]) : null;
        if (r === null || mn === null || !ID.test(c[0]) || !(r > 0 && r <= limits.max_range_m) || !(mn >= 0 && mn < r))
          out.notices.push("ignored custom range " + quote(value, 60));
        else if (out.custom.length < limits.custom)
          out.custom.push({id: c[0], name: c.slice(3).join("|").slice(0, nameChars), range_m: r, min_range_m: mn});
      } else if (key === "active") {
        out.active = ID.test(value) ? value : null;
      } else out.notices.push("ignored " + quote(key, 30) + " in the link");
    });
    return out;
  }

  function App(cfg, refs) {
    var self = this;
    this.cfg = cfg; this.refs = refs; this.map = refs.map;
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
    Object.keys(refs.layers || {}).forEach(function (id) { refs.layers[id].clearLayers(); });  // the app redraws them
    this.buildPanel();
    var fromHash = this.readHash(window.location.hash, true);
    if (!fromHash) cfg.sites.forEach(function (s) { self.addSiteRaw(s.id, s.name, s.lat, s.lon, s.systems); });
    this.citiesChanged = fromHash;
    this.redrawAll(this.tol);
    this.select(this.active || (this.sites[0] && this.sites[0].id));
    this.bindMap();
    this.showLink();
  }

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
               custom: !!custom, group: old ? old.group : null, envelope: old ? old.envelope : null};
    if (!old) this.systemOrder.push(s.id);
    this.systems[s.id] = sys;
    return sys;
  };

  App.prototype.group = function (sys) {
    if (sys.group) return sys.group;
    if (this.refs.layers && has(this.refs.layers, sys.id)) sys.group = this.refs.layers[sys.id];
    else {
      sys.group = L.featureGroup().addTo(this.map);
      if (this.refs.control)
        this.refs.control.addOverlay(sys.group, escapeHtml(sys.name + " — " + formatDistance(sys.range_m, this.units)));
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
    var self = this, opts = L.extend({}, this.cfg.style.site, {className: "rangemap-site", bubblingMouseEvents: false,
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

  /** Recompute one site's rings (display geometry) at `tol` and redraw them; envelopes of its systems. */
  App.prototype.drawSite = function (site, tol) {
    var self = this;
    site.systems.forEach(function (sid) {
      var sys = self.systems[sid], group = self.group(sys);
      var shape = site.shapes[sid] || (site.shapes[sid] = {layers: []});
      var rings = [{band: "nominal", range_m: sys.range_m}].concat(sys.bands);
      rings.forEach(function (ring, i) {
        var geom;
        try {
          geom = displayReach(site.lat, site.lon, ring.range_m, {minRangeM: sys.min_range_m, toleranceM: tol});
        } catch (err) {
          self.notice("could not compute the reach of " + quote(sys.name, 40) + " from " + quote(site.name, 40) + ": " + err.message);
          geom = {type: "Polygon", coordinates: []};
        }
        var ll = latLngs(geom, site.shift);
        if (i === 0) shape.display = ll;
        var layer = shape.layers[i];
        if (layer) layer.setLatLngs(ll);
        else {
          var style = L.extend({}, i === 0 ? self.cfg.style.reach : self.cfg.style.band,
                               {color: sys.colour, fill: false, className: "rangemap-reach", pane: "rangemapRings"});  // unfilled: the
          // cities and borders beneath keep their tooltips; a ring's tooltip shows on its line
          layer = L.polygon(ll, style);
          layer.feature = {type: "Feature", geometry: null,
                           properties: {rangemap: "reach", system: sid, site: site.id, band: ring.band, range_m: ring.range_m}};
          layer.bindTooltip(function () { return self.reachTip(site, sys, ring); }, {sticky: true});
          group.addLayer(layer);
          shape.layers[i] = layer;
        }
      });
      shape.lat = site.lat; shape.lon = site.lon; shape.tol = tol;
      var mk = site.markers[sid] || self.marker(site, group, sid);
      mk.setLatLng([site.lat, site.lon + site.shift]);
      site.inside[sid] = self.citiesInside(site.lat, site.lon, sys.range_m, sys.min_range_m);
    });
    if (site.systems.length === 0) {
      (site.loose || this.marker(site, this.looseGroup, null)).setLatLng([site.lat, site.lon + site.shift]);
    } else if (site.loose) { this.looseGroup.removeLayer(site.loose); site.loose = null; }
  };

  App.prototype.reachTip = function (site, sys, ring) {
    var div = el("div");
    div.appendChild(el("b", null, sys.name));
    if (ring.band !== "nominal") div.appendChild(document.createTextNode(" (" + ring.band + " end of reported band)"));
    div.appendChild(el("div", null, "from " + site.name));
    div.appendChild(el("div", null, "range " + formatDistance(ring.range_m, this.units) +
      (sys.min_range_m > 0 ? ", minimum " + formatDistance(sys.min_range_m, this.units) : "")));
    if (sys.source) div.appendChild(el("div", "muted", sys.source));
    return div;
  };

  /** One filled path per system: the union of its sites' reach (nonzero fill of consistently wound rings). */
  App.prototype.drawEnvelope = function (sid) {
    var sys = this.systems[sid], all = [];
    this.sites.forEach(function (site) {
      if (site.systems.indexOf(sid) >= 0 && site.shapes[sid] && site.shapes[sid].display)
        all = all.concat(site.shapes[sid].display);
    });
    if (!sys.envelope) {
      sys.envelope = L.polygon(all, L.extend({}, this.cfg.style.envelope, {fillColor: sys.colour, fillRule: "nonzero",
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
    this.writeHash();
    this.showSite();
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
  App.prototype.prepareCities = function (c) {
    var n = c && c.name ? c.name.length : 0, rad = Math.PI / 180;
    var out = {n: n, name: c ? c.name : [], country: c ? c.country : [], lat: c ? c.lat : [], lon: c ? c.lon : [],
               pop: c ? c.pop : [], x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n),
               layer: this.refs.cities || null, source: c ? c.source : ""};
    for (var i = 0; i < n; i++) {
      var la = out.lat[i] * rad, lo = out.lon[i] * rad;
      out.x[i] = Math.cos(la) * Math.cos(lo); out.y[i] = Math.cos(la) * Math.sin(lo); out.z[i] = Math.sin(la);
    }
    return out;
  };

  /** Which cities lie within [minM, maxM] of (lat, lon): a spherical pre-screen, exact WGS84 near the edges. */
  App.prototype.citiesInside = function (lat, lon, maxM, minM) {
    var C = this.cities, out = new Uint8Array(C.n), rad = Math.PI / 180;
    var x = Math.cos(lat * rad) * Math.cos(lon * rad), y = Math.cos(lat * rad) * Math.sin(lon * rad), z = Math.sin(lat * rad);
    var slackMax = 0.006 * maxM + 2000, slackMin = 0.006 * minM + 2000;
    for (var i = 0; i < C.n; i++) {
      var dot = Math.max(-1, Math.min(1, x * C.x[i] + y * C.y[i] + z * C.z[i]));
      var d = EARTH_MEAN_RADIUS_M * Math.acos(dot);
      if (d > maxM + slackMax || (minM > 0 && d < minM - slackMin)) continue;
      if (d < maxM - slackMax && (minM <= 0 || d > minM + slackMin)) { out[i] = 1; continue; }
      var exact = distance(lat, lon, C.lat[i], C.lon[i]);
      if (exact <= maxM && exact >= minM) out[i] = 1;
    }
    return out;
  };

  App.prototype.updateCities = function (markers) {
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
    C.layer.clearLayers();
    list.sort(function (a, b) { return C.pop[b] - C.pop[a]; });
    var st = this.cfg.style.city;
    list.forEach(function (i) {
      var pop = C.pop[i], radius = Math.min(Math.round((1.5 + Math.sqrt(pop) / 300) * 10) / 10, 9);
      L.circleMarker([C.lat[i], C.lon[i]], {radius: radius, color: st.color, weight: 0.8, opacity: 0.9,
        fillColor: st.fill, fillOpacity: 0.55, className: "rangemap-city"})
        .bindTooltip(function () { return self.cityTip(i); }).addTo(C.layer);
    });
  };

  App.prototype.cityTip = function (i) {
    var C = this.cities, self = this, div = el("div");
    div.appendChild(el("b", null, C.name[i]));
    div.appendChild(document.createTextNode(" (" + C.country[i] + "), pop. " + grouped(C.pop[i])));
    this.systemOrder.forEach(function (sid) {
      var best = null;
      self.sites.forEach(function (site) {
        if (site.inside[sid] && site.inside[sid][i]) {
          var d = distance(site.lat, site.lon, C.lat[i], C.lon[i]);
          if (!best || d < best.d) best = {d: d, site: site};
        }
      });
      if (best) div.appendChild(el("div", null, self.systems[sid].name + ": " + grouped(best.d / 1000) + " km from " + best.site.name));
    });
    return div;
  };

  // ---- measure ----------------------------------------------------------------------------------
  /** Distance and bearing from a site (default: the active one) to (lat, lon), and each system's verdict. */
  App.prototype.measureTo = function (lat, lon, siteId) {
    var site = this.site(siteId || this.active), self = this;
    if (!site) return null;
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

  App.prototype.showMeasure = function (latlng) {
    var site = this.site(this.active), r = site && this.measureTo(latlng.lat, latlng.lng), box = this.ui.readout;
    box.textContent = "";
    if (!r) { box.appendChild(el("div", "muted", "Choose a launch point first.")); return; }
    var units = this.units;
    box.appendChild(el("div", "muted", "to " + grouped(latlng.lat, 4) + "°, " + grouped(wrapLon(latlng.lng), 4) + "°"));
    box.appendChild(el("div", null, "From " + site.name + ": " + (units === "mi"
      ? grouped(r.distance_m / METRES_PER.mi, 1) + " mi (" + grouped(r.distance_m / 1000, 1) + " km)"
      : grouped(r.distance_m / 1000, 1) + " km (" + grouped(r.distance_m / METRES_PER.mi, 1) + " mi)") +
      ", bearing " + grouped(r.bearing_deg, 1) + "°"));
    r.systems.forEach(function (s) {
      var text = s.verdict === "in" ? "in reach (" + grouped(s.by_m / 1000, 1) + " km to spare)"
        : s.verdict === "out" ? "out of reach by " + grouped(s.by_m / 1000, 1) + " km"
        : "inside its minimum range by " + grouped(s.by_m / 1000, 1) + " km";
      box.appendChild(el("div", s.verdict === "in" ? "in" : "out", s.name + ": " + text));
    });
    var line = WGS84.InverseLine(site.lat, site.lon, latlng.lat, wrapLon(latlng.lng));
    var pts = [], n = 64, shift = site.shift;
    for (var i = 0; i <= n; i++) {
      var p = line.Position(line.s13 * i / n, Geod.LATITUDE | Geod.LONGITUDE | Geod.LONG_UNROLL);
      pts.push([p.lat2, p.lon2 + shift]);
    }
    this.measureLine.setLatLngs(pts);
    this.measureEnd.setLatLng(pts[n]);
  };

  // ---- panel ------------------------------------------------------------------------------------
  function button(text, title, onClick) {
    var b = el("button", null, text);
    b.type = "button"; b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }
  function input(placeholder, cls) {
    var i = el("input", cls); i.type = "text"; i.placeholder = placeholder; i.spellcheck = false;
    return i;
  }

  App.prototype.buildPanel = function () {
    var self = this, ui = this.ui = {};
    var root = ui.root = el("div", "rangemap-app");
    var head = el("div", "head");
    head.appendChild(el("span", null, "Explore reach"));
    head.appendChild(button("–", "Fold this panel", function () {
      root.classList.toggle("collapsed");
      this.textContent = root.classList.contains("collapsed") ? "+" : "–";
    }));
    root.appendChild(head);
    var body = el("div", "body");
    root.appendChild(body);
    ui.notices = el("div", "notices"); ui.notices.setAttribute("role", "status");
    body.appendChild(ui.notices);

    body.appendChild(el("h3", null, "Launch point"));
    var row = el("div", "row");
    ui.siteSelect = el("select", "site-select");
    ui.siteSelect.addEventListener("change", function () { self.select(this.value); });
    row.appendChild(ui.siteSelect);
    row.appendChild(button("Remove", "Remove this launch point", function () { self.removeSite(self.active); }));
    body.appendChild(row);
    ui.siteInfo = el("div", "muted site-info");
    body.appendChild(ui.siteInfo);
    ui.systemList = el("div", "systems");
    body.appendChild(ui.systemList);

    body.appendChild(el("h3", null, "Add a launch point"));
    row = el("div", "row");
    ui.addButton = button("Click map", "Then click the map where the launch point goes", function () {
      self.setAdding(!self.adding);
    });
    ui.addButton.className = "add-click";
    row.appendChild(ui.addButton);
    ui.place = input("or a city, site, lat,lon", "place");
    ui.place.addEventListener("keydown", function (e) { if (e.key === "Enter") self.addPlace(ui.place.value); });
    row.appendChild(ui.place);
    row.appendChild(button("Add", "Add a launch point at this place", function () { self.addPlace(ui.place.value); }));
    body.appendChild(row);

    body.appendChild(el("h3", null, "Custom range"));
    row = el("div", "row");
    ui.range = input("e.g. 430 mi", "custom-range");
    ui.minRange = input("min (optional)", "custom-min");
    ui.customName = input("name", "custom-name");
    row.appendChild(ui.range); row.appendChild(ui.minRange); row.appendChild(ui.customName);
    row.appendChild(button("Add", "Draw this range from the launch point", function () {
      self.addCustom(ui.range.value, ui.minRange.value, ui.customName.value);
    }));
    body.appendChild(row);

    body.appendChild(el("h3", null, "Measure"));
    ui.measureButton = button("Measure to the pointer", "Distance and bearing from the launch point to the pointer", function () {
      self.setMeasuring(!self.measuring);
    });
    ui.measureButton.className = "measure";
    ui.measureButton.setAttribute("aria-pressed", "false");
    body.appendChild(ui.measureButton);
    ui.readout = el("div", "readout rangemap-measure");
    body.appendChild(ui.readout);

    body.appendChild(el("h3", null, "In reach now"));
    ui.people = el("div", "people");
    body.appendChild(ui.people);
    body.appendChild(el("div", "muted", this.cities.source));

    body.appendChild(el("h3", null, "Link to this view"));
    ui.link = el("input", "link"); ui.link.type = "text"; ui.link.readOnly = true;
    ui.link.addEventListener("focus", function () { this.select(); });
    body.appendChild(ui.link);

    var Panel = L.Control.extend({onAdd: function () { return root; }});
    new Panel({position: "topright"}).addTo(this.map);
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);
  };

  App.prototype.select = function (id) {
    var self = this;
    this.active = this.site(id) ? id : null;
    this.sites.forEach(function (s) {
      var all = Object.keys(s.markers).map(function (k) { return s.markers[k]; }).concat(s.loose ? [s.loose] : []);
      all.forEach(function (m) {
        var path = m.getElement && m.getElement();
        if (path) path.classList.toggle("rangemap-site-active", s.id === self.active);
      });
    });
    this.showSite();
  };

  App.prototype.showSite = function () {
    var self = this, ui = this.ui, site = this.site(this.active);
    ui.siteSelect.textContent = "";
    this.sites.forEach(function (s) {
      var o = el("option", null, s.name); o.value = s.id;
      ui.siteSelect.appendChild(o);
    });
    ui.siteSelect.value = site ? site.id : "";
    ui.siteInfo.textContent = site ? this.siteText(site) : "No launch point: add one below.";
    ui.systemList.textContent = "";
    if (!site) return;
    var others = el("select", "add-system");
    var first = el("option", null, "+ add a system from the catalog…"); first.value = "";
    others.appendChild(first);
    this.systemOrder.forEach(function (sid) {
      var sys = self.systems[sid], label = sys.name + " — " + formatDistance(sys.range_m, self.units) +
        (sys.min_range_m > 0 ? ", min " + grouped(sys.min_range_m / 1000) + " km" : "") + (sys.custom ? " (custom)" : "");
      if (site.systems.indexOf(sid) < 0) {
        var o = el("option", null, label); o.value = sid;
        others.appendChild(o);
        return;
      }
      var row = el("label");
      var box = el("input"); box.type = "checkbox"; box.value = sid; box.checked = true;
      box.title = "Untick to stop drawing it from this launch point";
      box.addEventListener("change", function () { self.toggleSystem(site, sid, this.checked); });
      var sw = el("span", "swatch"); sw.style.borderColor = sys.colour; sw.style.background = sys.colour + "33";
      row.appendChild(box); row.appendChild(sw); row.appendChild(el("span", null, label));
      ui.systemList.appendChild(row);
    });
    others.addEventListener("change", function () { if (this.value) self.toggleSystem(site, this.value, true); });
    if (others.options.length > 1) ui.systemList.appendChild(others);
  };

  App.prototype.siteText = function (site) {
    return grouped(site.lat, 4) + "°, " + grouped(site.lon, 4) + "° — drag its marker to move it";
  };

  App.prototype.toggleSystem = function (site, sid, on) {
    var i = site.systems.indexOf(sid);
    if (on && i < 0) site.systems.push(sid);
    if (!on && i >= 0) { site.systems.splice(i, 1); this.removeSiteLayers(site, sid); }
    this.drawSite(site, this.tol);
    this.drawEnvelope(sid);
    this.changed();
    this.select(site.id);
  };

  App.prototype.setAdding = function (on) {
    this.adding = on;
    this.ui.addButton.setAttribute("aria-pressed", on ? "true" : "false");
    this.map.getContainer().classList.toggle("rangemap-adding", on);
  };

  App.prototype.setMeasuring = function (on) {
    this.measuring = on;
    this.ui.measureButton.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) this.measureLayer.addTo(this.map); else { this.measureLayer.remove(); this.ui.readout.textContent = ""; }
  };

  /** Add a site at (lat, lon) with the systems of the active site (or the first catalog system). */
  App.prototype.addSite = function (lat, lon, name) {
    if (!finite(lat) || !finite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 540)
      throw new Error("launch point (" + lat + ", " + lon + "): latitude must be within -90..90, longitude -180..180");
    var from = this.site(this.active);
    var systems = from ? from.systems.slice() : this.systemOrder.slice(0, 1);
    var label = name === undefined || name === null || name === "" ? grouped(lat, 3) + ", " + grouped(wrapLon(lon), 3) : String(name);
    var site = this.addSiteRaw(null, label.slice(0, this.cfg.limits.name_chars), lat, lon, systems);
    site.shift = Math.round((lon - site.lon) / 360) * 360;
    this.drawSite(site, this.tol);
    var self = this;
    site.systems.forEach(function (sid) { self.drawEnvelope(sid); });
    this.select(site.id);
    this.changed();
    return site.id;
  };

  App.prototype.addPlace = function (text) {
    var t = String(text).trim(), m = /^([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)\s*,\s*([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)$/.exec(t);
    if (!t) return;
    if (m) {
      var lat = Number(m[1]), lon = Number(m[2]);
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) { this.notice("ignored " + quote(t, 40) + ": latitude must be within -90..90, longitude -180..180"); return; }
      this.addSite(lat, lon, null);
    } else {
      var key = t.toLowerCase(), C = this.cities, best = null;
      this.cfg.places.forEach(function (p) { if (!best && String(p[0]).toLowerCase() === key) best = {name: p[0], lat: p[1], lon: p[2]}; });
      for (var i = 0; !best && i < C.n; i++) if (C.name[i].toLowerCase() === key) best = {name: C.name[i], lat: C.lat[i], lon: C.lon[i], pop: C.pop[i]};
      for (var j = 0; best && best.pop !== undefined && j < C.n; j++)
        if (C.name[j].toLowerCase() === key && C.pop[j] > best.pop) best = {name: C.name[j], lat: C.lat[j], lon: C.lon[j], pop: C.pop[j]};
      if (!best) { this.notice("no catalog site or city named " + quote(t, 40) + "; try lat,lon"); return; }
      this.addSite(best.lat, best.lon, best.name);
    }
    this.ui.place.value = "";
  };

  App.prototype.removeSite = function (id) {
    var site = this.site(id), self = this;
    if (!site) return false;
    site.systems.slice().forEach(function (sid) { self.removeSiteLayers(site, sid); });
    if (site.loose) this.looseGroup.removeLayer(site.loose);
    this.sites.splice(this.sites.indexOf(site), 1);
    site.systems.forEach(function (sid) { self.drawEnvelope(sid); });
    this.select(this.sites.length ? this.sites[0].id : null);
    this.changed();
    return true;
  };

  /** A custom range (text with units, as rangemap.units.parse_distance) drawn from the active site. */
  App.prototype.addCustom = function (rangeText, minText, name) {
    var range, min = 0;
    try {
      range = parseDistance(rangeText);
      if (String(minText || "").trim()) min = parseDistance(minText);
      if (!(range > 0) || range > this.cfg.limits.max_range_m) throw new Error("range must be above 0 and at most 20,000 km");
      if (min >= range) throw new Error("the minimum range must be below the range");
    } catch (err) { this.notice("custom range not added: " + err.message); return null; }
    var n = 1, ids = this.systems;
    while (has(ids, "custom-" + n)) n += 1;
    var label = String(name || "").trim() || "Custom " + String(rangeText).trim();
    var sys = this.defineSystem({id: "custom-" + n, name: label.slice(0, this.cfg.limits.name_chars), range_m: range,
                                 min_range_m: min}, true);
    var site = this.site(this.active);
    if (site) this.toggleSystem(site, sys.id, true); else { this.showSite(); this.writeHash(); }
    this.ui.range.value = ""; this.ui.minRange.value = ""; this.ui.customName.value = "";
    return sys.id;
  };

  // ---- map events, hash -------------------------------------------------------------------------
  App.prototype.bindMap = function () {
    var self = this, map = this.map;
    map.on("click", function (e) {
      if (!self.adding) return;
      self.setAdding(false);
      self.addSite(e.latlng.lat, e.latlng.lng, null);
    });
    map.on("mousemove", function (e) { if (self.measuring && !self.drag) self.showMeasure(e.latlng); });
    map.on("moveend", function () { self.writeHash(); });
    window.addEventListener("hashchange", function () {
      if (window.location.hash.slice(1) !== self.hashText()) self.reload(window.location.hash);
    });
  };

  /** The state as a link fragment: ids and numbers as they are, names percent-encoded (always last). */
  App.prototype.hashText = function () {
    var self = this, c = this.map.getCenter(), parts = ["v=1"];
    var r = function (x, d) { return String(Number(x.toFixed(d))); };
    var name = function (s) { return encodeURIComponent(s).replace(/[!'()*]/g, escape); };
    parts.push("view=" + [r(c.lat, 4), r(Math.abs(c.lng) <= 540 ? c.lng : wrapLon(c.lng), 4), this.map.getZoom()].join(","));
    this.systemOrder.forEach(function (sid) {
      var s = self.systems[sid];
      if (s.custom) parts.push("custom=" + [sid, r(s.range_m, 1), r(s.min_range_m, 1), name(s.name)].join("|"));
    });
    this.sites.forEach(function (s) {
      parts.push("site=" + [s.id, r(s.lat, 6), r(s.lon, 6), s.systems.join(","), name(s.name)].join("|"));
    });
    if (this.active) parts.push("active=" + this.active);
    return parts.join("&");
  };

  App.prototype.writeHash = function () {
    var text = this.hashText();
    try { window.history.replaceState(null, "", "#" + text); } catch (e) {
      try { window.location.hash = text; } catch (e2) { /* a sandboxed frame: the link field still shows it */ }
    }
    this.showLink();
  };

  App.prototype.showLink = function () {
    var text = this.hashText(), href = String(window.location.href).split("#")[0];
    this.ui.link.value = (/^https?:|^file:/.test(href) ? href : "") + "#" + text;
  };

  /** Read a link's state; true when it named sites (which then replace the page's own). */
  App.prototype.readHash = function (hash, first) {
    var self = this, state = parseHash(hash || "", this.cfg.limits);
    state.notices.forEach(function (n) { self.notice(n); });
    state.custom.forEach(function (c) {
      if (has(self.catalogIds, c.id)) self.notice("ignored custom range " + quote(c.id, 40) + ": that id is a catalog system");
      else self.defineSystem(c, true);
    });
    if (state.view) this.map.setView([state.view.lat, state.view.lon], state.view.zoom, {animate: false});
    if (state.sites.length) {
      if (!first) this.clearSites();
      state.sites.forEach(function (s) { self.addSiteRaw(s.id, s.name, s.lat, s.lon, s.systems); });
      if (state.active && this.site(state.active)) this.active = state.active;
      return true;
    }
    return false;
  };

  App.prototype.clearSites = function () {
    var self = this;
    this.sites.slice().forEach(function (site) {
      site.systems.slice().forEach(function (sid) { self.removeSiteLayers(site, sid); });
      if (site.loose) self.looseGroup.removeLayer(site.loose);
    });
    this.sites = [];
  };

  App.prototype.reload = function (hash) {
    var self = this;
    if (this.readHash(hash, false)) {
      this.redrawAll(this.tol);
      this.systemOrder.forEach(function (sid) { self.drawEnvelope(sid); });
      this.select(this.active || (this.sites[0] && this.sites[0].id));
      this.changed();
    }
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

  R.parseDistance = parseDistance;
  R.formatDistance = formatDistance;
  R.parseHash = function (text) { return parseHash(text, {sites: 60, custom: 20, name_chars: 120, max_range_m: 2e7}); };
  if (typeof R.distance !== "function") R.distance = distance;

  /** Start the app on a folium map: `cfg` is the page state, `refs` the Leaflet objects it draws into. */
  R.start = function (cfg, refs) {
    var app;
    try { app = new App(cfg, refs); } catch (err) {
      if (window.console) console.error("rangemap: the interactive layer could not start:", err);
      return null;
    }
    R.app = app;
    R.sites = function () { return app.sites.map(function (s) { return {id: s.id, name: s.name, lat: s.lat, lon: s.lon}; }); };
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
    R.state = function () { return app.hashText(); };
    R.notices = function () { return app.noticeList.slice(); };
    R.inReach = function () { return L.extend({}, app.inReach); };
    R.dragStats = function () { return app.dragLog.slice(); };
    return app;
  };
})();
