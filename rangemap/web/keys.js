/* rangemap in-page app by keyboard: everything the app does, done with keys. Adds methods to the App of
 * app.js (after ui.js and time.js); the page's own keys (Tab order, layer control, focus kept) are in
 * focus.js.
 *  - One Tab stop per launch point (its first marker): arrow keys move it STEP_KM (Shift: STEP_BIG_KM)
 *    north, east, south or west along the WGS84 geodesic (GeographicLib), and its rings follow; held
 *    down, quick rings while it moves (the drag tolerance), exact ones when the key comes up.
 *  - A field moves the chosen launch point to typed coordinates, read as the command line reads --at
 *    (util.js parseLatLon, as rangemap.units.parse_lat_lon); "Add a launch point" reads those forms too.
 *  - Measure to a typed place (a city or site the page names, or coordinates), pinned; a click or tap on
 *    the map pins too (time.js), and the reading stays while the pointer is on the panel (ui.js).
 *  - On the focused map a cross marks the centre, for the pointer: Enter pins it (Measure) or adds the
 *    launch point "Click map" waits for (pressed by keys, it focuses the map). Escape cancels adding,
 *    else unpins, else stops measuring.
 *  - The add-system list adds on Enter or its Add button, never on arrow keys alone; Enter in any custom
 *    range field submits it.
 */
(function () {
  "use strict";
  var R = window.rangemap, U = R._util, parseLatLon = U.parseLatLon, el = U.el, button = U.button;
  var STEP_KM = 10, STEP_BIG_KM = 100;
  var ARROWS = {ArrowUp: 0, ArrowRight: 90, ArrowDown: 180, ArrowLeft: 270};
  var WORDS = {0: "north", 90: "east", 180: "south", 270: "west"};

  function field(label, placeholder, cls, enter) {
    var i = el("input", cls);
    i.type = "text"; i.spellcheck = false; i.placeholder = placeholder; i.setAttribute("aria-label", label);
    return onEnter(i, enter);
  }
  function onEnter(input, fn) {
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); fn(); } });
    return input;
  }

  function extendApp(App) {
    if (!App || App.prototype.rangemapKeys) return;
    var P = App.prototype;
    P.rangemapKeys = true;
    var grouped = U.grouped, quote = U.quote, wrapLon = U.wrapLon;

    /** How a launch point is described to people and screen readers: where, and how keys move it. */
    P.siteText = function (site) {
      return grouped(site.lat, 4) + "°, " + grouped(site.lon, 4) + "° — drag its marker, or Tab to it and use the " +
        "arrow keys: " + STEP_KM + " km a step, Shift " + STEP_BIG_KM + " km";
    };

    var buildPanel = P.buildPanel;
    P.buildPanel = function () {
      buildPanel.call(this);
      var self = this, ui = this.ui;
      var row = el("div", "row");
      ui.moveTo = field("Move the chosen launch point to coordinates (lat,lon or 50°36′N 36°35′E)",
                        "move to lat,lon", "move-to", function () { self.moveToText(ui.moveTo.value); });
      row.appendChild(ui.moveTo);
      row.appendChild(button("Move", "Move the chosen launch point to these coordinates",
                             function () { self.moveToText(ui.moveTo.value); }));
      ui.siteInfo.parentNode.insertBefore(row, ui.siteInfo.nextSibling);
      ui.keyStatus = el("div", "key-status");  // read out by screen readers after each move by keys
      ui.keyStatus.setAttribute("role", "status");
      row.parentNode.insertBefore(ui.keyStatus, row.nextSibling);

      [ui.range, ui.minRange, ui.customName].forEach(function (input) {
        onEnter(input, function () { self.addCustom(ui.range.value, ui.minRange.value, ui.customName.value); });
      });

      row = el("div", "row");
      ui.measureTo = field("Measure to a place: a city, site or lat,lon", "to a city, site or lat,lon", "measure-to",
                           function () { self.measureToText(ui.measureTo.value); });
      row.appendChild(ui.measureTo);
      row.appendChild(button("Measure", "Measure from the launch point to this place, pinned",
                             function () { self.measureToText(ui.measureTo.value); }));
      ui.readout.parentNode.insertBefore(row, ui.readout);
      ui.measureButton.title += "; click or tap the map to pin a point";

      ui.addButton.addEventListener("click", function (e) {  // pressed by keys: the map takes focus, with a cross
        if (e.detail === 0 && self.adding) self.map.getContainer().focus();
      });
      var cross = ui.cross = el("div", "rangemap-cross");
      cross.setAttribute("aria-hidden", "true");
      cross.appendChild(el("span", "rangemap-cross-hint"));
      this.map.getContainer().appendChild(cross);
    };

    /** A list to pick a system from: Enter or the Add button adds it; a pointer's pick adds at once; arrow
     * keys alone only move the choice (ui.js showSite). */
    P.picker = function (select, onPick) {
      var keyed = false, row = el("div", "row picker");
      select.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); keyed = false; if (select.value) onPick(select.value); return; }
        // arrows and letters change a closed list's choice at once; the keys that open it do not count
        keyed = !(e.altKey || e.key === " " || e.key === "F4" || e.key === "Tab");
      });
      select.addEventListener("pointerdown", function () { keyed = false; });
      select.addEventListener("change", function () { if (!keyed && select.value) onPick(select.value); });
      row.appendChild(select);
      row.appendChild(button("Add", "Draw the chosen system from this launch point", function () {
        if (select.value) onPick(select.value);
      }));
      return row;
    };

    P.moveToText = function (text) {
      var site = this.site(this.active), ll;
      if (!site) { this.notice("no launch point to move: add one first"); return; }
      try { ll = parseLatLon(String(text).trim()); } catch (err) { this.notice("not moved: " + err.message); return; }
      this.move(site, ll[0], ll[1], this.tol, ll[1]);
      this.changed();
      this.map.panInside([site.lat, site.lon + site.shift], {padding: [60, 60]});
      this.ui.moveTo.value = "";
      this.movedText(site, "moved");
    };

    /** A place from text: coordinates (as --at), else a city or site the page names (time.js findTarget). */
    P.placeFromText = function (text) {
      var t = String(text).trim();
      try { var ll = parseLatLon(t); return {name: grouped(ll[0], 4) + ", " + grouped(ll[1], 4), lat: ll[0], lon: ll[1]}; }
      catch (err) { /* not coordinates: a name */ }
      return this.findTarget ? this.findTarget(t) : null;
    };

    P.pin = function (latlng, what) {
      if (!this.measuring) this.setMeasuring(true);
      this.showMeasure(latlng);
      this.setPinned(latlng);
      if (this.site(this.active))
        this.ui.readout.appendChild(el("div", "muted", "Pinned" + (what ? " at " + what : "") +
                                                       ": click elsewhere to move it, or aim at it below."));
    };

    P.measureToText = function (text) {
      var place = this.placeFromText(text);
      if (!place) { this.notice("no city, site or lat,lon " + quote(String(text).trim(), 40) + " to measure to"); return; }
      var site = this.site(this.active);
      var lon = site ? site.lon + site.shift + wrapLon(place.lon - site.lon) : place.lon;  // drawn beside the site
      this.pin({lat: place.lat, lng: lon}, place.name);
      this.ui.measureTo.value = "";
    };

    // P.addPlace takes decimal lat,lon; coordinates in the other forms --at reads go through here
    var addPlace = P.addPlace;
    P.addPlace = function (text) {
      var ll = null;
      try { ll = parseLatLon(String(text).trim()); } catch (err) { /* a name, or a notice from addPlace */ }
      if (!ll || /^[-+0-9.,\s]*$/.test(String(text))) return addPlace.call(this, text);
      this.addSite(ll[0], ll[1], null);
      this.ui.place.value = "";
    };

    // ---- launch points as Tab stops -------------------------------------------------------------
    var marker = P.marker;
    P.marker = function (site, group, key) {
      var self = this, m = marker.call(this, site, group, key);
      var hook = function () {  // Leaflet makes a new path each time the marker is added to the map
        var path = m.getElement();
        if (!path || path.rangemapKeys) return;
        path.rangemapKeys = true;
        path.addEventListener("keydown", function (e) { self.markerKey(site, e); });
        path.addEventListener("keyup", function (e) { if (ARROWS[e.key] !== undefined) self.settle(); });
        path.addEventListener("blur", function () { self.settle(); });
        self.tabStops(site);
      };
      m.on("add", hook);
      hook();
      return m;
    };

    /** One Tab stop per site: its first marker on the map; the others (one per system) out of the order. */
    P.tabStops = function (site) {
      var all = Object.keys(site.markers).map(function (k) { return site.markers[k]; }).concat(site.loose ? [site.loose] : []);
      var first = true, label = "Launch point " + site.name + " at " + grouped(site.lat, 4) + "°, " +
        grouped(site.lon, 4) + "°: arrow keys move it " + STEP_KM + " km a step, Shift " + STEP_BIG_KM + " km";
      all.forEach(function (m) {
        var path = m.getElement && m._map ? m.getElement() : null;
        if (!path) return;
        path.setAttribute("tabindex", first ? "0" : "-1");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", label);
        if (first) path.removeAttribute("aria-hidden"); else path.setAttribute("aria-hidden", "true");  // the same point
        first = false;
      });
    };

    var drawSite = P.drawSite;
    P.drawSite = function (site) {  // every argument passed on: drawing one system at a time keeps tasks short
      drawSite.apply(this, arguments);
      this.tabStops(site);
    };

    /** Arrow keys move the site one step along the geodesic (azimuth 0, 90, 180, 270°). */
    P.markerKey = function (site, e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.select(site.id); return; }
      var azi = ARROWS[e.key];
      if (azi === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault(); e.stopPropagation();
      var km = e.shiftKey ? STEP_BIG_KM : STEP_KM, G = U.Geod;
      var to = U.WGS84.Direct(site.lat, site.lon + site.shift, azi, km * 1000,
                              G.LATITUDE | G.LONGITUDE | G.LONG_UNROLL);
      this.select(site.id);
      this.move(site, to.lat2, to.lon2, e.repeat ? this.dragTol : this.tol, to.lon2);
      this.keyMove = {site: site, text: "moved " + km + " km " + WORDS[azi]};
      if (e.repeat) {  // held down: quick rings now, exact ones when the key comes up (settle)
        this.keyMove.pending = true;
        this.updateCities(false);
        this.ui.siteInfo.textContent = this.siteText(site);
      } else this.settleNow();
      this.map.panInside([site.lat, site.lon + site.shift], {padding: [40, 40], animate: false});
    };

    P.settle = function () { if (this.keyMove && this.keyMove.pending) this.settleNow(); };

    P.settleNow = function () {
      var k = this.keyMove, self = this;
      if (!k) return;
      if (k.pending) {
        this.drawSite(k.site, this.tol);
        k.site.systems.forEach(function (sid) { self.drawEnvelope(sid); });
      }
      k.pending = false;
      this.changed();
      this.tabStops(k.site);
      this.ui.siteInfo.textContent = k.text + ": " + this.siteText(k.site);
      this.movedText(k.site, k.text);
    };

    P.movedText = function (site, how) {
      this.ui.keyStatus.textContent = site.name + " " + how + " to " + grouped(site.lat, 4) + "°, " +
        grouped(site.lon, 4) + "°; " + this.ui.people.textContent;
    };

    // ---- the map focused: a cross at its centre stands for the pointer -----------------------------
    var bindMap = P.bindMap;
    P.bindMap = function () {
      bindMap.call(this);
      var self = this, map = this.map, box = map.getContainer();
      var focused = function () { return document.activeElement === box; };
      map.on("overlayadd overlayremove", function () {  // a site's Tab stop may have gone with a layer
        self.sites.forEach(function (site) { self.tabStops(site); });
      });
      this.crossUpdate = function () {
        var on = focused() && (self.adding || self.measuring);
        box.classList.toggle("rangemap-crossed", on);
        self.ui.cross.firstChild.textContent = self.adding ? "Enter: add a launch point here · Esc: cancel"
          : self.pinned ? "Enter: pin here · Esc: unpin" : "Enter: pin here · Esc: stop measuring";
        if (on && self.measuring && !self.pinned) self.showMeasure(map.getCenter());
      };
      box.addEventListener("focus", this.crossUpdate);
      box.addEventListener("blur", this.crossUpdate);
      map.on("move", function () { if (focused() && self.measuring && !self.pinned) self.showMeasure(map.getCenter()); });
      box.addEventListener("keydown", function (e) {
        if (e.target !== box || e.key !== "Enter") return;
        var c = map.getCenter();
        if (self.adding) { e.preventDefault(); self.setAdding(false); self.addSite(c.lat, c.lng, null); }
        else if (self.measuring) { e.preventDefault(); self.pin(c, null); }
        self.crossUpdate();
      });
      document.addEventListener("keydown", function (e) {
        if (e.key !== "Escape" || e.defaultPrevented) return;
        var inPanel = self.ui.root.contains(e.target);
        if (self.adding) { self.setAdding(false); if (inPanel || e.target === box) self.ui.addButton.focus(); }
        else if (self.measuring && self.pinned && (inPanel || e.target === box)) {
          self.setPinned(null);
          self.ui.readout.textContent = "";
        } else if (self.measuring && (inPanel || e.target === box)) {
          self.setMeasuring(false);
          if (inPanel) self.ui.measureButton.focus();
        } else return;
        e.preventDefault();
        self.crossUpdate();
      });
    };

    var setAdding = P.setAdding, setMeasuring = P.setMeasuring;
    P.setAdding = function (on) { setAdding.call(this, on); if (this.crossUpdate) this.crossUpdate(); };
    P.setMeasuring = function (on) { setMeasuring.call(this, on); if (this.crossUpdate) this.crossUpdate(); };

  }

  extendApp(R._App);
})();
