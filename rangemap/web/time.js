/* rangemap in-page app, how soon and how precisely: flight times in the Measure readout and city tooltips,
 * warning-time rings (the ranges reached 1, 2, 5, 10 min after launch, or the map's own `times`) and aim
 * at a target (CEP, R90 and R99 rings, the chance that at least one of n shots lands within a radius, a
 * seeded sample of simulated impacts). Adds methods to the App of app.js (after ui.js); the numbers come
 * from flight.js, every ring from reach.js (displayReach), every text through textContent.
 *   rangemap.timeRings()  -> [{system, site, minutes, range_m, latlngs}] drawn now
 *   rangemap.setTimes([minutes...] | null)  -> draws (or with null, hides) the warning-time rings
 *   rangemap.aim(target, systemId, {shots, radius, figure, sample, seed})  -> what the Aim panel shows
 */
(function () {
  "use strict";
  var R = window.rangemap, U = R._util, App = R._App, F = R.flight;
  var Geod = U.Geod, WGS84 = U.WGS84, el = U.el, button = U.button, grouped = U.grouped, quote = U.quote,
      finite = U.finite, parseDistance = U.parseDistance, displayReach = U.displayReach, latLngs = U.latLngs,
      wrapLon = U.wrapLon, formatDistance = U.formatDistance;
  var DEFAULT_MINUTES = [1, 2, 5, 10];
  var MAX_MINUTES = 12, SAMPLE = 100, SEED = 0;
  var IDEAL = "Times are idealised: ballistic free flight from burnout on an ellipse round a spherical, " +
    "non-rotating Earth in vacuum (no boost phase, drag or rotation), so real flights take longer; cruise " +
    "missiles and drones at their sourced speed in a straight line, a lower bound (real routes detour).";

  // ---- flight times -----------------------------------------------------------------------------
  function opts(flight) {
    return flight.model === "cruise" ? {model: "cruise", speedKmh: flight.speed_kmh}
                                     : {model: "ballistic", apogeeM: flight.apogee_m};
  }

  function how(flight) {
    return flight.model === "cruise" ? "at " + grouped(flight.speed_kmh) + " km/h, straight line"
      : flight.apogee_m ? "through its reported " + grouped(flight.apogee_m / 1000) + " km apogee" : "minimum-energy";
  }

  /** Flight time to `distance` metres for a system: {seconds, text}, or null when there is no model. */
  App.prototype.flightTime = function (sid, distance) {
    var sys = this.systems[sid], flight = sys && sys.flight;
    if (!flight || !(distance > 0)) return null;
    var seconds;
    try { seconds = F.time(distance, opts(flight)); } catch (e) { return null; }
    return {seconds: seconds, text: flight.model === "cruise"
      ? "at least " + F.duration(seconds) + " " + how(flight)
      : "about " + F.duration(seconds) + " of free flight, " + how(flight)};
  };

  /** The line a readout or tooltip shows: the time, or "flight time unknown". */
  App.prototype.flightText = function (sid, distance, sourced) {
    var t = this.flightTime(sid, distance), f = this.systems[sid] && this.systems[sid].flight;
    return !t ? "flight time unknown" : t.text + (sourced && f.source ? " (" + f.source + ")" : "");
  };

  // ---- panel ------------------------------------------------------------------------------------
  function labelled(tag, label, cls) {
    var e = el(tag, cls);
    if (tag === "input") { e.type = "text"; e.spellcheck = false; }
    e.setAttribute("aria-label", label);
    return e;
  }
  function onEnter(input, fn) { input.addEventListener("keydown", function (e) { if (e.key === "Enter") fn(); }); }

  /** Sections "Warning time" and "Aim at a target", appended to the panel body (ui.js buildPanel). */
  App.prototype.buildTimePanel = function (body) {
    var self = this, ui = this.ui;
    this.timeLayer = L.layerGroup().addTo(this.map);
    this.aimLayer = L.layerGroup().addTo(this.map);
    this.timeRingList = [];
    this.map.on("zoomend", function () { self.placeTimeLabels(); });
    var given = this.cfg.times;
    this.minutes = Array.isArray(given) && given.length ? given.filter(function (m) { return finite(m) && m > 0; })
                                                        : DEFAULT_MINUTES.slice();
    this.timesOn = Array.isArray(given) && given.length > 0;

    body.appendChild(el("h3", null, "Warning time"));
    var row = el("div", "row");
    var label = el("label", "toggle");
    ui.timesBox = el("input"); ui.timesBox.type = "checkbox"; ui.timesBox.className = "times-toggle";
    ui.timesBox.checked = this.timesOn;
    ui.timesBox.addEventListener("change", function () { self.setTimesOn(this.checked); });
    label.appendChild(ui.timesBox); label.appendChild(el("span", null, "Rings at"));
    row.appendChild(label);
    ui.minutes = labelled("input", "Warning times in minutes after launch, separated by commas", "times-minutes");
    ui.minutes.value = this.minutes.join(", ");
    onEnter(ui.minutes, function () { self.readMinutes(); });
    row.appendChild(ui.minutes);
    row.appendChild(el("span", "muted", "min"));
    row.appendChild(button("Draw", "Draw the ranges reached in these times after launch", function () { self.readMinutes(); }));
    body.appendChild(row);
    ui.timesInfo = el("div", "muted times-info");
    body.appendChild(ui.timesInfo);
    var ideal = el("details", "muted ideal");  // folded: every section fits the panel
    ideal.appendChild(el("summary", null, "Times are idealised: how"));
    ideal.appendChild(el("div", null, IDEAL));
    body.appendChild(ideal);

    body.appendChild(el("h3", null, "Aim at a target"));
    row = el("div", "row");
    ui.aimTarget = labelled("input", "Target: a city, or lat,lon", "aim-target");
    ui.aimTarget.placeholder = "city or lat,lon";
    onEnter(ui.aimTarget, function () { self.aimFromPanel(); });
    row.appendChild(ui.aimTarget);
    row.appendChild(button("Pinned point", "Aim at the point last clicked while measuring", function () {
      if (!self.pinned) { self.notice("measure, click the map to pin a point, then aim at it"); return; }
      ui.aimTarget.value = grouped(self.pinned.lat, 4) + ", " + grouped(wrapLon(self.pinned.lng), 4);
      self.aimFromPanel();
    }));
    this.map.on("click", function (e) {  // while measuring, a click pins the point measured to
      if (!self.measuring || self.adding) return;
      self.showMeasure(e.latlng);
      self.setPinned(e.latlng);  // the readout stays on it (ui.js) until the next click or Measure is turned off
      self.ui.readout.appendChild(el("div", "muted", "Pinned: click elsewhere to move it, or aim at it below."));
    });
    body.appendChild(row);
    row = el("div", "row");
    ui.aimSystem = labelled("select", "System with a sourced CEP", "aim-system");
    row.appendChild(ui.aimSystem);
    body.appendChild(row);
    row = el("div", "row");
    ui.aimShots = labelled("input", "Number of shots", "aim-shots");
    ui.aimShots.value = "1"; ui.aimShots.inputMode = "numeric";
    ui.aimRadius = labelled("input", "Radius round the target, e.g. 200 m (default: the CEP)", "aim-radius");
    ui.aimRadius.placeholder = "within (e.g. 200 m)";
    onEnter(ui.aimShots, function () { self.aimFromPanel(); });
    onEnter(ui.aimRadius, function () { self.aimFromPanel(); });
    row.appendChild(el("span", "muted", "shots")); row.appendChild(ui.aimShots); row.appendChild(ui.aimRadius);
    row.appendChild(button("Aim", "Draw CEP, R90 and R99 round the target and simulated impacts", function () {
      self.aimFromPanel();
    }));
    body.appendChild(row);
    ui.aimOut = el("div", "readout aim-out");
    body.appendChild(ui.aimOut);
    this.fillAimSystems();
  };

  App.prototype.fillAimSystems = function () {
    var self = this, sel = this.ui.aimSystem, keep = sel.value;
    sel.textContent = "";
    this.systemOrder.forEach(function (sid) {
      var sys = self.systems[sid];
      (sys.cep || []).forEach(function (f, i) {
        var o = el("option", null, sys.name + " — CEP " + cepText(f) + " (" + f.date + ")");
        o.value = sid + "|" + i;
        sel.appendChild(o);
      });
    });
    if (!sel.options.length) { var none = el("option", null, "no system here has a sourced CEP"); none.value = ""; sel.appendChild(none); }
    if (keep) sel.value = keep;
    if (!sel.value && sel.options.length) sel.value = sel.options[0].value;
  };

  // ---- warning-time rings -----------------------------------------------------------------------
  App.prototype.setTimesOn = function (on) {
    this.timesOn = !!on;
    this.ui.timesBox.checked = this.timesOn;
    this.drawTimes();
    this.writeHash();
  };

  /** A link's `times=` (read by util.js parseHash): those rings shown; drawn once the sites are placed. */
  App.prototype.timesFromLink = function (minutes) {
    this.minutes = minutes.slice().sort(function (a, b) { return a - b; });
    this.timesOn = true;
    this.ui.minutes.value = this.minutes.join(", ");
    this.ui.timesBox.checked = true;
  };

  App.prototype.readMinutes = function () {
    var text = String(this.ui.minutes.value), parts = text.split(/[,;\s]+/).filter(function (p) { return p; });
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      var m = Number(parts[i]);
      if (!(m > 0 && m < Infinity)) { this.notice("warning times not drawn: " + quote(parts[i], 20) + " is not a positive number of minutes"); return; }
      if (out.indexOf(m) < 0) out.push(m);
    }
    if (!out.length || out.length > MAX_MINUTES) {
      this.notice("warning times not drawn: give 1 to " + MAX_MINUTES + " numbers of minutes, e.g. 1, 2, 5, 10");
      return;
    }
    this.minutes = out.sort(function (a, b) { return a - b; });
    this.ui.minutes.value = this.minutes.join(", ");
    this.setTimesOn(true);
  };

  function minutesText(m) { return F.duration(m * 60); }

  /** Rings at the ranges reached in each time from each launch point, for each system drawn there. */
  App.prototype.drawTimes = function () {
    var self = this, layer = this.timeLayer, info = this.ui.timesInfo, unknown = [], skipped = Object.create(null);
    layer.clearLayers();
    this.timeRingList = [];
    info.textContent = "";
    if (!this.timesOn) return;
    this.sites.forEach(function (site) {
      site.systems.forEach(function (sid) {
        var sys = self.systems[sid];
        if (!sys.flight) { if (unknown.indexOf(sys.name) < 0) unknown.push(sys.name); return; }
        var skip = skipped[sid] = skipped[sid] || {quick: [], whole: null};
        self.minutes.forEach(function (m) {
          var r = null;
          try { r = F.rangeForTime(m * 60, opts(sys.flight)); } catch (e) { r = null; }
          if (r === null || r > sys.range_m) {
            if (r === null && skip.quick.indexOf(m) < 0 && m * 60 < F.time(sys.range_m, opts(sys.flight))) skip.quick.push(m);
            else skip.whole = F.time(sys.range_m, opts(sys.flight));
            return;
          }
          var tol = Math.min(self.tol, Math.max(r / 200, 1));
          var ll = latLngs(displayReach(site.lat, site.lon, r, {toleranceM: tol}), site.shift);
          var ring = L.polygon(ll, {color: sys.colour, weight: 1.5, dashArray: "2 4", fill: false, pane: "rangemapRings",
                                    className: "rangemap-time"});
          var text = minutesText(m);
          ring.feature = {type: "Feature", geometry: null, properties: {rangemap: "time", system: sid, site: site.id,
                                                                         minutes: m, range_m: r}};
          ring.bindTooltip(function () {
            return window.rangemapPage.tip([sys.name + " from " + site.name + ": " + text + " after launch",
              "reaches " + formatDistance(r, self.units) + " (" + how(sys.flight) + ")"]
              .concat(sys.flight.source ? [{note: (sys.flight.model === "cruise" ? "speed: " : "apogee: ") + sys.flight.source}]
                                        : []).concat([{note: IDEAL}]));
          }, {sticky: true});
          layer.addLayer(ring);
          // each system's labels on its own bearing from the site, in its colour, so rings of two systems are told apart
          var az = 30 * (site.systems.indexOf(sid) % 6) - 30, top = WGS84.Direct(site.lat, site.lon, az, r, Geod.LATITUDE | Geod.LONGITUDE);
          var span = el("span", null, text);
          span.style.color = sys.colour;
          var label = L.tooltip({permanent: true, direction: "center", className: "rangemap-time-label", interactive: false})
            .setLatLng([top.lat2, top.lon2 + site.shift]).setContent(span);
          layer.addLayer(label);
          self.timeRingList.push({system: sid, site: site.id, minutes: m, range_m: r, layer: ring, label: label,
                                  centre: [site.lat, site.lon + site.shift]});
        });
      });
    });
    this.placeTimeLabels();
    var lines = [this.timeRingList.length + " rings at " + this.minutes.map(minutesText).join(", ") + " after launch."];
    Object.keys(skipped).forEach(function (sid) {
      var sk = skipped[sid], name = self.systems[sid].name, f = self.systems[sid].flight;
      var parts = [];
      if (sk.whole !== null) parts.push("its whole range in " + (f.model === "cruise" ? "at least " : "about ") +
                                        F.duration(sk.whole));
      if (sk.quick.length) parts.push("no flight " + how(f) + " as quick as " + sk.quick.map(minutesText).join(" or "));
      if (parts.length) lines.push(name + ": " + parts.join("; ") + ".");
    });
    if (unknown.length) lines.push("Flight time unknown: " + unknown.join(", ") + ".");
    info.textContent = lines.join(" ");
  };

  /** A ring's label shows only when the ring is big enough on screen to carry it (20 px from its site). */
  App.prototype.placeTimeLabels = function () {
    var map = this.map;
    this.timeRingList.forEach(function (t) {
      var a = map.latLngToLayerPoint(t.centre), b = map.latLngToLayerPoint(t.label.getLatLng());
      var e = t.label.getElement();
      if (e) e.style.visibility = a.distanceTo(b) >= 20 ? "" : "hidden";
    });
  };

  App.prototype.timesChanged = function () {
    if (this.timesOn) this.drawTimes();
    this.fillAimSystems();
  };

  // ---- aim --------------------------------------------------------------------------------------
  function cepText(f) {
    return f.cep_low_m != null ? grouped(f.cep_low_m) + "–" + grouped(f.cep_high_m) + " m" : grouped(f.cep_m) + " m";
  }
  function percent(p) { return (p >= 0.9995 && p < 1 ? "over 99.9" : grouped(100 * p, 1)) + " %"; }

  /** A target from text: "lat,lon", a catalog site or the most populous drawn city of that name. */
  App.prototype.findTarget = function (text) {
    var t = String(text).trim(), m = /^([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)\s*,\s*([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)$/.exec(t);
    if (m) {
      var lat = Number(m[1]), lon = Number(m[2]);
      return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? {name: grouped(lat, 4) + ", " + grouped(lon, 4), lat: lat, lon: lon} : null;
    }
    var key = t.toLowerCase(), C = this.cities, best = null;
    for (var i = 0; i < C.nDrawn; i++) {
      if (C.name[i].toLowerCase() === key && (!best || C.pop[i] > best.pop))
        best = {name: C.name[i], lat: C.lat[i], lon: C.lon[i], pop: C.pop[i]};
    }
    if (!best) this.cfg.places.forEach(function (p) {
      if (!best && String(p[0]).toLowerCase() === key) best = {name: p[0], lat: p[1], lon: p[2]};
    });
    return best;
  };

  App.prototype.aimFromPanel = function () {
    var ui = this.ui, pick = String(ui.aimSystem.value || "").split("|");
    try {
      this.aim(ui.aimTarget.value, pick[0], {shots: ui.aimShots.value, radius: ui.aimRadius.value,
                                              figure: Number(pick[1] || 0)});
    } catch (err) { this.notice("aim: " + err.message); }
  };

  /** Draw CEP, R90 and R99 round the target (both ends of a band) and simulated impacts; show the odds. */
  App.prototype.aim = function (targetText, sid, o) {
    o = o || {};
    var self = this, target = typeof targetText === "object" && targetText ? targetText : this.findTarget(targetText);
    if (!target) throw new Error("no city or lat,lon " + quote(targetText, 40) + " to aim at");
    var sys = U.has(this.systems, sid) ? this.systems[sid] : null;
    if (!sys || !sys.cep || !sys.cep.length) throw new Error("no sourced CEP for " + quote(sid, 40));
    var f = sys.cep[o.figure > 0 && o.figure < sys.cep.length ? o.figure : 0];
    var shotsText = String(o.shots == null || o.shots === "" ? "1" : o.shots).trim(), shots = Number(shotsText);
    if (!(shots >= 1 && shots <= 1000 && Math.floor(shots) === shots))
      throw new Error("shots " + quote(shotsText, 20) + " must be a whole number from 1 to 1000");
    var ceps = f.cep_low_m != null ? [f.cep_low_m, f.cep_high_m] : [f.cep_m];
    var radius = typeof o.radius === "number" ? o.radius : String(o.radius || "").trim() ? parseDistance(o.radius) : null;
    if (radius !== null && !(radius > 0)) throw new Error("radius must be above 0");
    var within = radius === null ? ceps[ceps.length - 1] : radius;
    var layer = this.aimLayer, lat = target.lat, lon = target.lon, rings = [];
    layer.clearLayers();
    var shift = this.map.getCenter ? Math.round((this.map.getCenter().lng - lon) / 360) * 360 : 0;
    [[0.5, "CEP"], [0.9, "R90"], [0.99, "R99"]].forEach(function (q) {
      ceps.forEach(function (cep, k) {
        var r = F.accuracyRadius(cep, q[0]);
        var ll = latLngs(displayReach(lat, lon, r, {toleranceM: Math.max(r / 500, 0.05)}), shift);
        var ring = L.polygon(ll, {color: "#7a0000", weight: q[0] === 0.5 ? 2 : 1.2, fill: false,
                                  dashArray: ceps.length > 1 && k === 0 ? "4 3" : null, className: "rangemap-aim"});
        ring.feature = {type: "Feature", geometry: null, properties: {rangemap: "aim", p: q[0], cep_m: cep, radius_m: r}};
        ring.bindTooltip(el("span", null, q[1] + " " + grouped(r) + " m" +
                            (ceps.length > 1 ? (k === 0 ? " (band's low end)" : " (band's high end)") : "")), {sticky: true});
        layer.addLayer(ring);
        if (k === ceps.length - 1) {
          var at = WGS84.Direct(lat, lon, 0, r, Geod.LATITUDE | Geod.LONGITUDE);
          L.tooltip({permanent: true, direction: "center", className: "rangemap-time-label", interactive: false})
            .setLatLng([at.lat2, at.lon2 + shift]).setContent(el("span", null, q[1])).addTo(layer);
        }
        rings.push({label: q[1], p: q[0], cep_m: cep, radius_m: r});
      });
    });
    var sampleCep = ceps[ceps.length - 1], n = Math.max(SAMPLE, Math.min(shots, 1000)), seed = o.seed == null ? SEED : o.seed;
    var misses = F.impacts(sampleCep, n, seed), points = [];
    misses.forEach(function (mi) {
      var q = WGS84.Direct(lat, lon, mi.azimuth_deg, mi.distance_m, Geod.LATITUDE | Geod.LONGITUDE);
      points.push({lat: q.lat2, lon: q.lon2, distance_m: mi.distance_m, azimuth_deg: mi.azimuth_deg});
      L.circleMarker([q.lat2, q.lon2 + shift], {radius: 2, color: "#7a0000", weight: 1, fillColor: "#ff5a3c",
                                               fillOpacity: 0.9, interactive: false, className: "rangemap-impact"})
        .addTo(layer);
    });
    L.circleMarker([lat, lon + shift], {radius: 4, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1,
                                        className: "rangemap-aim-target"})
      .bindTooltip(el("span", null, target.name), {permanent: true, direction: "right", className: "rangemap-site-label"})
      .addTo(layer);
    var probs = ceps.map(function (cep) { return F.hitProbability(cep, within, shots); });
    var from = null;  // the nearest launch point drawing this system, and whether the target is in its reach
    this.sites.forEach(function (site) {
      if (site.systems.indexOf(sid) < 0) return;
      var d = U.distance(site.lat, site.lon, lat, wrapLon(lon));
      if (!from || d < from.distance_m) from = {site: site.id, name: site.name, distance_m: d};
    });
    if (from) from.in_reach = from.distance_m <= sys.range_m && from.distance_m >= sys.min_range_m;
    var out = {target: {name: target.name, lat: lat, lon: lon}, system: sid, figure: f, shots: shots, radius_m: within,
               probability: probs, rings: rings, impacts: points, sample_cep_m: sampleCep, seed: seed, from: from};
    this.showAim(sys, out);
    this.lastAim = out;
    return out;
  };

  App.prototype.showAim = function (sys, a) {
    var box = this.ui.aimOut, f = a.figure;
    box.textContent = "";
    box.appendChild(el("div", null, sys.name + " at " + a.target.name + ": CEP " + cepText(f) + " (" + f.kind + ", " + f.date + ")"));
    var p = a.probability, chance = p.length > 1 ? "between " + percent(Math.min(p[0], p[1])) + " and " +
      percent(Math.max(p[0], p[1])) : percent(p[0]);
    box.appendChild(el("div", "in", "At least one of " + a.shots + " shot" + (a.shots > 1 ? "s" : "") + " within " +
                                   grouped(a.radius_m) + " m: " + chance));
    var byLabel = [];
    a.rings.forEach(function (r) {
      var last = byLabel[byLabel.length - 1];
      if (last && last.label === r.label) last.radii.push(grouped(r.radius_m)); else byLabel.push({label: r.label, radii: [grouped(r.radius_m)]});
    });
    box.appendChild(el("div", "muted", byLabel.map(function (b) { return b.label + " " + b.radii.join("–") + " m"; }).join(", ")));
    var fr = a.from;
    box.appendChild(el("div", fr && fr.in_reach ? "in" : "out", !fr ? "Not drawn from any launch point on this map." :
      (fr.in_reach ? "In reach from " : "Out of reach from ") + fr.name + " (" + grouped(fr.distance_m / 1000) + " km" +
      (fr.in_reach ? "; " + this.flightText(a.system, fr.distance_m) : "") + ")."));
    box.appendChild(el("div", "muted", a.impacts.length + " simulated impacts (circular normal, CEP " + grouped(a.sample_cep_m) +
                                     " m" + (p.length > 1 ? ", the band's high end" : "") + "; seed " + a.seed + ")"));
    box.appendChild(el("div", "muted", "Source: " + f.source + (f.note ? " — " + f.note : "")));
  };

  var start = R.start;
  R.start = function (cfg, refs) {
    var app = start(cfg, refs);
    if (!app || !app.timeLayer) return app;
    if (app.timesOn) app.drawTimes();  // the map was made with times=: its rings drawn at load
    R.timeRings = function () {
      return app.timeRingList.map(function (t) {
        return {system: t.system, site: t.site, minutes: t.minutes, range_m: t.range_m, latlngs: t.layer.getLatLngs()};
      });
    };
    R.setTimes = function (minutes) {
      if (minutes) { app.ui.minutes.value = minutes.join(", "); app.readMinutes(); } else app.setTimesOn(false);
      return R.timeRings();
    };
    R.aim = function (target, sid, o) { return app.aim(target, sid, o); };
    R.flightText = function (sid, distance) { return app.flightText(sid, distance); };
    return app;
  };
})();
