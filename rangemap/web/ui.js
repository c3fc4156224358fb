/* rangemap in-page app, its face: the panel (launch points, systems, custom ranges, measure, people in
 * reach, link), map clicks, and the link (URL hash) written and read back. Adds methods to the App of
 * app.js; every name reaches the page through textContent.
 */
(function () {
  "use strict";
  var R = window.rangemap, U = R._util, App = R._App;
  var Geod = U.Geod, WGS84 = U.WGS84, METRES_PER = U.METRES_PER, ID = U.ID, COLOUR = U.COLOUR,
      EARTH_MEAN_RADIUS_M = U.EARTH_MEAN_RADIUS_M, has = U.has, finite = U.finite, wrapLon = U.wrapLon,
      quote = U.quote, escapeHtml = U.escapeHtml, el = U.el, button = U.button, parseDistance = U.parseDistance,
      grouped = U.grouped, crc32 = U.crc32, distance = U.distance,
      displayReach = U.displayReach, latLngs = U.latLngs, parseHash = U.parseHash;

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
    this.lastMeasure = latlng;
    var self = this;
    r.systems.forEach(function (s) {
      var by = units === "mi" ? grouped(s.by_m / METRES_PER.mi, 1) + " mi" : grouped(s.by_m / 1000, 1) + " km";
      var text = s.verdict === "in" ? "in reach (" + by + " to spare)"
        : s.verdict === "out" ? "out of reach by " + by : "inside its minimum range by " + by;
      box.appendChild(el("div", s.verdict === "in" ? "in" : "out", s.name + ": " + text));
      if (s.verdict === "in" && self.flightText) box.appendChild(el("div", "muted", self.flightText(s.system, r.distance_m, true)));
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
  function input(placeholder, cls, label) {
    var i = el("input", cls); i.type = "text"; i.placeholder = placeholder; i.spellcheck = false;
    i.setAttribute("aria-label", label || placeholder);
    return i;
  }

  App.prototype.buildPanel = function () {
    var self = this, ui = this.ui = {};
    var root = ui.root = el("div", "rangemap-app");
    var head = el("div", "head");
    head.appendChild(el("h2", null, "Explore reach"));
    head.appendChild(button("–", "Fold this panel", function () {
      root.classList.toggle("collapsed");
      this.textContent = root.classList.contains("collapsed") ? "+" : "–";
      this.setAttribute("aria-expanded", String(!root.classList.contains("collapsed")));
    }));
    head.lastChild.setAttribute("aria-label", "Explore reach panel");
    head.lastChild.setAttribute("aria-expanded", "true");
    root.appendChild(head);
    var body = el("div", "body");
    root.appendChild(body);
    ui.notices = el("div", "notices"); ui.notices.setAttribute("role", "status");
    body.appendChild(ui.notices);

    body.appendChild(el("h3", null, "Launch point"));
    var row = el("div", "row");
    ui.siteSelect = el("select", "site-select");
    ui.siteSelect.setAttribute("aria-label", "Launch point");
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
    ui.place = input("or a city, site, lat,lon", "place", "New launch point: a city, site or lat,lon");
    ui.place.addEventListener("keydown", function (e) { if (e.key === "Enter") self.addPlace(ui.place.value); });
    row.appendChild(ui.place);
    row.appendChild(button("Add", "Add a launch point at this place", function () { self.addPlace(ui.place.value); }));
    body.appendChild(row);

    body.appendChild(el("h3", null, "Custom range"));
    row = el("div", "row");
    ui.range = input("e.g. 430 mi", "custom-range", "Custom range, e.g. 430 mi");
    ui.minRange = input("min (optional)", "custom-min", "Minimum range (optional)");
    ui.customName = input("name", "custom-name", "Name of the custom range");
    row.appendChild(ui.range); row.appendChild(ui.minRange); row.appendChild(ui.customName);
    row.appendChild(button("Add", "Draw this range from the launch point", function () {
      self.addCustom(ui.range.value, ui.minRange.value, ui.customName.value);
    }));
    body.appendChild(row);

    body.appendChild(el("h3", null, "Measure"));
    ui.measureButton = button("Measure to the pointer", "Distance and bearing from the launch point to the pointer",
                              function () {
      self.setMeasuring(!self.measuring);
    });
    ui.measureButton.className = "measure";
    ui.measureButton.setAttribute("aria-pressed", "false");
    body.appendChild(ui.measureButton);
    ui.readout = el("div", "readout rangemap-measure");
    body.appendChild(ui.readout);

    if (this.buildTimePanel) this.buildTimePanel(body);  // warning time and aim (time.js)

    body.appendChild(el("h3", null, "In reach now"));
    ui.people = el("div", "people");
    body.appendChild(ui.people);
    // what was counted folds under a summary line, so every section fits a desktop or notebook panel
    var counted = el("details", "muted coverage");
    counted.appendChild(el("summary", null, "What is counted"));
    counted.appendChild(el("div", null, this.cities.source));
    if (this.cities.coverage) counted.appendChild(el("div", null, this.cities.coverage));
    body.appendChild(counted);

    body.appendChild(el("h3", null, "Link to this view"));
    ui.link = el("input", "link"); ui.link.type = "text"; ui.link.readOnly = true;
    ui.link.setAttribute("aria-label", "Link to this view");
    ui.link.addEventListener("focus", function () { this.select(); });
    body.appendChild(ui.link);

    var Panel = L.Control.extend({onAdd: function () { return root; }});
    new Panel({position: "topright"}).addTo(this.map);
    var size = this.map.getSize();
    if (size.x < 700 || size.y < 500) {  // a notebook cell: folded, as the legend is
      root.classList.add("collapsed"); head.lastChild.textContent = "+";
      head.lastChild.setAttribute("aria-expanded", "false");
    }
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
    others.setAttribute("aria-label", "Add a system from the catalog");
    var first = el("option", null, "+ add a system from the catalog…"); first.value = "";
    others.appendChild(first);
    this.systemOrder.forEach(function (sid) {
      var sys = self.systems[sid], label = sys.name + " — " + self.rangeText(sys, sys.range_m) +
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
    var pick = function (sid) { self.toggleSystem(site, sid, true); };
    if (others.options.length > 1) ui.systemList.appendChild(this.picker(others, pick));
  };

  /** The add-system list, ready to append: a pick adds at once (keys.js adds an explicit Enter and button). */
  App.prototype.picker = function (select, onPick) {
    select.addEventListener("change", function () { if (this.value) onPick(this.value); });
    return select;
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
    if (this.pinned) this.setPinned(null);  // a point pinned by a click while measuring (time.js)
    if (on) this.measureLayer.addTo(this.map); else { this.measureLayer.remove(); this.ui.readout.textContent = ""; }
  };

  /** Add a site at (lat, lon) with the systems of the active site (or the first catalog system). */
  App.prototype.addSite = function (lat, lon, name) {
    if (!finite(lat) || !finite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 540)
      throw new Error("launch point (" + lat + ", " + lon + "): latitude must be within -90..90, longitude -180..180");
    var from = this.site(this.active);
    var systems = from ? from.systems.slice() : this.systemOrder.slice(0, 1);
    var label = name === undefined || name === null || name === "" ? grouped(lat, 3) + ", " + grouped(wrapLon(lon), 3)
      : String(name);
    var site = this.addSiteRaw(null, Array.from(label).slice(0, this.cfg.limits.name_chars).join(""), lat, lon,
                               systems);
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
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        this.notice("ignored " + quote(t, 40) + ": latitude must be within -90..90, longitude -180..180");
        return;
      }
      this.addSite(lat, lon, null);
    } else {
      var key = t.toLowerCase(), C = this.cities, best = null;
      this.cfg.places.forEach(function (p) {  // a catalog site first, else the most populous city of that name
        if (!best && String(p[0]).toLowerCase() === key) best = {name: p[0], lat: p[1], lon: p[2], pop: Infinity};
      });
      for (var i = 0; i < C.nDrawn && !(best && best.pop === Infinity); i++) {
        if (C.name[i].toLowerCase() === key && (!best || C.pop[i] > best.pop))
          best = {name: C.name[i], lat: C.lat[i], lon: C.lon[i], pop: C.pop[i]};
      }
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
      if (!(range >= this.cfg.limits.min_range_m) || range > this.cfg.limits.max_range_m)
        throw new Error("range must be at least 1 mm and at most 20,000 km");
      if (min >= range) throw new Error("the minimum range must be below the range");
    } catch (err) { this.notice("custom range not added: " + err.message); return null; }
    var n = 1, ids = this.systems;
    while (has(ids, "custom-" + n)) n += 1;
    var label = String(name || "").trim() || "Custom " + String(rangeText).trim();
    var sys = this.defineSystem({id: "custom-" + n, name: Array.from(label).slice(0, this.cfg.limits.name_chars).join(""),
                                 range_m: range,
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
    map.on("mousemove", function (e) {  // not under the panel or another control, where the reading is read
      var over = e.originalEvent && e.originalEvent.target.closest && e.originalEvent.target.closest(".leaflet-control");
      if (self.measuring && !self.drag && !self.pinned && !over) self.showMeasure(e.latlng);
    });
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
    if (this.timesOn) parts.push("times=" + this.minutes.join(","));  // warning-time rings (time.js)
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
      if (has(self.catalogIds, c.id))
        self.notice("ignored custom range " + quote(c.id, 40) + ": that id is a catalog system");
      else self.defineSystem(c, true);
    });
    if (state.view) this.map.setView([state.view.lat, state.view.lon], state.view.zoom, {animate: false});
    if (state.times && this.timesFromLink) this.timesFromLink(state.times);
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
})();
