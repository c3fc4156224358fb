/* rangemap in-page helpers (plain browser JS, no build step): distances as people write them, labels,
 * coordinates as the command line reads them, colours for ids outside the catalog, GeoJSON to Leaflet
 * lat/lngs, the link (URL hash) parser, and the panel's elements and buttons (el, button).
 * Loaded after geographiclib-geodesic and reach.js, before app.js, ui.js, time.js and keys.js, which take them from
 * window.rangemap._util; parseDistance, parseLatLon, formatDistance and parseHash are public on window.rangemap.
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
  // One rule for numbers, as rangemap.units and render.interactive read them: ASCII digits, a point for
  // decimals, an optional exponent; a comma only groups thousands in a distance ("1,200 mi").
  var NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
  var THOUSANDS = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[-+]?\d+)?$/i;
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
  function button(text, title, onClick) {  // never a form's submit button; the title says what it does
    var b = el("button", null, text);
    b.type = "button"; b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }

  /** Metres from "430 mi", "692 km", "373 nmi", "692000 m" or a bare number of km (as rangemap.units). */
  function parseDistance(text) {
    var s = String(text);
    if (!s.trim()) throw new Error("empty distance: give a number with a unit, e.g. '430 mi' or '692 km'");
    var m = DISTANCE.exec(s);
    if (!m) throw new Error("cannot read distance " + quote(s, 40) + ": expected a number and a unit, e.g. '430 mi'");
    var unitText = m[2].trim().toLowerCase();
    var unit = unitText ? (has(ALIASES, unitText) ? ALIASES[unitText] : null) : "km";
    if (!unit)
      throw new Error("unknown unit " + quote(unitText, 20) + " in " + quote(s, 40) + ": use one of km, m, mi, nmi");
    if (m[1].indexOf(",") >= 0 && !THOUSANDS.test(m[1])) {
      var hint = /^[-+]?\d+,\d+$/.test(m[1]) ? s.replace(",", ".").trim() : null;
      throw new Error("ambiguous distance " + quote(s, 40) + ": " + (hint ? "write decimals with a point ('" + hint +
        "')" : "commas may only group thousands, e.g. '1,200 mi'; write decimals with a point, e.g. '2.5 km'"));
    }
    var value = Number(m[1].replace(/[,_]/g, ""));
    if (!isFinite(value)) throw new Error("distance must be finite, got " + quote(s, 40));
    if (value < 0) throw new Error("distance must not be negative, got " + quote(s, 40));
    return value * METRES_PER[unit];
  }

  var GROUPED = {};  /* one Intl.NumberFormat per number of digits: toLocaleString makes one a call */
  function grouped(x, digits) {
    var d = digits || 0;
    if (typeof x !== "number") return x.toLocaleString("en-US", {maximumFractionDigits: d, minimumFractionDigits: d});
    return (GROUPED[d] || (GROUPED[d] = new Intl.NumberFormat("en-US", {maximumFractionDigits: d,
                                                                        minimumFractionDigits: d}))).format(x);
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

  // Coordinates as the command line reads them (rangemap.units.parse_lat_lon): decimal or degrees-minutes-
  // seconds, hemisphere letters before or after, the marks word processors type; ASCII digits only.
  var MARKS = {"º": "°", "˚": "°", "’": "′", "‘": "′", "”": "″", "“": "″", "−": "-", "\u00a0": " "};
  var SP = "[ \\t\\n\\r\\f\\v]";
  var COORDINATE = new RegExp("^([NSEW])?" + SP + "*([-+])?" + SP + "*(\\d+(?:\\.\\d*)?|\\.\\d+)" + SP + "*(°)?" +
    SP + "*(?:(\\d+(?:\\.\\d+)?)" + SP + "*[′']?" + SP + "*(?:(\\d+(?:\\.\\d+)?)" + SP + "*[″\"]?" + SP + "*)?)?" +
    "([NSEW])?$", "i");
  var AXIS = {N: "latitude", S: "latitude", E: "longitude", W: "longitude"};

  function marks(text) { return String(text).replace(/[º˚’‘”“−\u00a0]/g, function (c) { return MARKS[c]; }); }
  function shown(text) {
    var s = "'" + String(text) + "'";
    return s.length <= 60 ? s : s.slice(0, 40) + "... (" + s.length + " characters)";
  }

  /** One coordinate: [degrees, "latitude" | "longitude" | null] (as units.parse_coordinate). */
  function parseCoordinate(text) {
    if (typeof text !== "string" || !text.trim())
      throw new Error("empty coordinate " + shown(text) + ": give degrees, e.g. 50.6 or 50°36′N");
    if (text.length > 100) throw new Error("coordinate " + shown(text) + " is too long");
    var clean = marks(text).split("′′").join("″").split("''").join("″").trim();
    if (/\p{Nd}/u.test(clean) && !/[0-9]/.test(clean))
      throw new Error("cannot read coordinate " + shown(text) + ": write digits 0-9");
    var m = COORDINATE.exec(clean);
    if (!m) throw new Error("cannot read coordinate " + shown(text) + ": expected degrees such as 50.6, -36.5, " +
                            "50.6N or 50°36′N");
    var pre = m[1], sign = m[2], deg = m[3], mark = m[4], min = m[5], sec = m[6], post = m[7];
    if (pre && post) throw new Error("coordinate " + shown(text) + " gives its hemisphere twice");
    var hemi = (pre || post || "").toUpperCase();
    if (hemi && sign) throw new Error("coordinate " + shown(text) + " has both a sign and a hemisphere letter: give one");
    if (min !== undefined && deg.indexOf(".") >= 0)
      throw new Error("coordinate " + shown(text) + ": decimal degrees cannot be followed by minutes");
    if (sec !== undefined && min.indexOf(".") >= 0)
      throw new Error("coordinate " + shown(text) + ": decimal minutes cannot be followed by seconds");
    if (min !== undefined && !mark && !hemi && clean.replace(/^[-+]+|[-+]+$/g, "").indexOf(" ") < 0)
      throw new Error("cannot read coordinate " + shown(text));
    var mm = min !== undefined ? Number(min) : 0, ss = sec !== undefined ? Number(sec) : 0;
    if (mm >= 60 || ss >= 60) throw new Error("coordinate " + shown(text) + ": minutes and seconds must be below 60");
    var degrees = Number(deg) + mm / 60 + ss / 3600;
    if (sign === "-" || hemi === "S" || hemi === "W") degrees = -degrees;
    return [degrees, AXIS[hemi] || null];
  }

  function splitOnce(text, re) {  // Python's re.split(..., maxsplit=1)
    var m = re.exec(text);
    return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text];
  }
  function strip(s) { return s.trim(); }

  /** [lat, lon] in degrees from "50.6,36.6", "50°36′N 36°35′E", "36.6E 50.6N", ... (as units.parse_lat_lon). */
  function parseLatLon(text) {
    var bad = function () {
      return new Error(shown(text) + ": expected LAT,LON in degrees, e.g. 50.5955,36.5873 or 50°36′N 36°35′E");
    };
    if (typeof text !== "string") throw bad();
    var clean = marks(text).trim(), parts = clean.split(",").map(strip);
    if (parts.length === 1) {  // no comma: split after the first hemisphere letter
      var halves = splitOnce(clean, /(?<=[NSns])[ \t\n\r\f\v]*(?=[-+0-9EWew])|(?<=[EWew])[ \t\n\r\f\v]*(?=[-+0-9NSns])/)
        .map(strip);
      if (halves.length === 2 && halves[0] && halves[1] && !/^\p{L}/u.test(clean)) parts = halves;
      else parts = splitOnce(clean, /[ \t\n\r\f\v]+(?=[NSEWnsew])/).map(strip);  // "N50 36 E36 35"
    }
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw bad();
    var a, b;
    try { a = parseCoordinate(parts[0]); b = parseCoordinate(parts[1]); } catch (err) {
      throw new Error(shown(text) + ": " + err.message);
    }
    if (a[1] !== null && a[1] === b[1]) throw new Error(shown(text) + ": both coordinates are a " + a[1]);
    var lat = a[0], lon = b[0];
    if (a[1] === "longitude" || b[1] === "latitude") { lat = b[0]; lon = a[0]; }
    if (!(lat >= -90 && lat <= 90)) throw new Error(shown(text) + ": latitude " + lat + " is outside -90..90");
    if (!(lon >= -180 && lon <= 180)) throw new Error(shown(text) + ": longitude " + lon + " is outside -180..180");
    return [lat, lon];
  }

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
    var out = {sites: [], custom: [], view: null, active: null, times: null, notices: [], any: false};
    var params;
    try { params = new URLSearchParams(String(text).replace(/^#/, "")); } catch (e) {
      out.notices.push("ignored the link: it could not be read"); return out;
    }
    var num = function (s) { var x = NUMBER.test(s) ? Number(s) : NaN; return isFinite(x) ? x : null; };
    var nameChars = limits.name_chars, parts = 0, rings = 0, unread = 0, notices = out.notices;
    var cut = function (s) { return Array.from(s).slice(0, nameChars).join(""); };  // by code point, as Python
    var seen = {}, customSeen = {};
    out.notices = [];
    params.forEach(function (value, key) {
      out.any = true;
      if (++parts > limits.params) { unread += 1; return; }  // a link's cost is bounded, however long
      if (key === "v") return;
      if (key === "view") {
        var v = value.split(",").map(num);
        if (v.length === 3 && v.indexOf(null) < 0 && Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 540 &&
            v[2] >= 0 && v[2] <= 19)
          out.view = {lat: v[0], lon: v[1], zoom: v[2]};
        else out.notices.push("ignored view " + quote(value, 60));
      } else if (key === "site") {
        var p = value.split("|"), name = p.slice(4).join("|");
        if (p.length < 5) {
          out.notices.push("ignored site " + quote(value, 60) + ": expected id|lat|lon|systems|name");
          return;
        }
        var lat = num(p[1]), lon = num(p[2]);
        if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180)
          out.notices.push("ignored site " + quote(name, 60) + ": bad coordinates " + quote(p[1], 20) + ", " +
                           quote(p[2], 20));
        else if (out.sites.length >= limits.sites)
          out.notices.push("ignored site " + quote(name, 60) + ": at most " + limits.sites + " sites");
        else {
          // ids that are no ids stay in the list, for the app's "ignored unknown system" notice
          var systems = p[3].split(",").filter(function (s) { return s; }), room = Math.max(limits.rings - rings, 0);
          var valid = systems.filter(function (s) { return ID.test(s); });
          if (valid.length > room) {
            out.notices.push("site " + quote(name, 60) + ": drew " + room + " of its " + valid.length +
                             " systems: at most " + limits.rings + " rings from a link");
            var keep = valid.slice(0, room);
            systems = systems.filter(function (s) { return !ID.test(s) || keep.indexOf(s) >= 0; });
          }
          rings += Math.min(valid.length, room);
          var id = ID.test(p[0]) && !has(seen, p[0]) ? p[0] : null;
          if (id !== null) seen[id] = true;
          out.sites.push({id: id, name: cut(name), lat: lat, lon: lon, systems: systems});
        }
      } else if (key === "custom") {
        var c = value.split("|"), r = c.length >= 4 ? num(c[1]) : null, mn = c.length >= 4 ? num(c[2]) : null;
        if (r === null || mn === null || !ID.test(c[0]) || !(r >= limits.min_range_m && r <= limits.max_range_m) ||
            !(mn >= 0 && mn < r))
          out.notices.push("ignored custom range " + quote(value, 60));
        else if (has(customSeen, c[0]))
          out.notices.push("ignored custom range " + quote(value, 60) + ": its id is given twice");
        else if (out.custom.length < limits.custom) {
          customSeen[c[0]] = true;
          out.custom.push({id: c[0], name: cut(c.slice(3).join("|")), range_m: r, min_range_m: mn});
        }
      } else if (key === "active") {
        out.active = ID.test(value) ? value : null;
      } else if (key === "times") {  // the warning-time rings shown, in minutes (time.js)
        var t = value.split(",").map(num);
        if (t.length && t.indexOf(null) < 0 && t.every(function (x) { return x > 0; }) && t.length <= (limits.times || 12))
          out.times = t;
        else out.notices.push("ignored times " + quote(value, 60));
      } else out.notices.push("ignored " + quote(key, 30) + " in the link");
    });
    var shown = out.notices.slice(0, limits.notices);
    if (out.notices.length > limits.notices) shown.push("… and " + (out.notices.length - limits.notices) + " more");
    if (unread) shown.push("ignored the last " + unread + " parts of the link: at most " + limits.params + " are read");
    out.notices = notices.concat(shown);
    return out;
  }

  R._util = {Geod: Geod, WGS84: WGS84, METRES_PER: METRES_PER, ID: ID, COLOUR: COLOUR,
               EARTH_MEAN_RADIUS_M: EARTH_MEAN_RADIUS_M, has: has, finite: finite, wrapLon: wrapLon, quote: quote,
               escapeHtml: escapeHtml, el: el, button: button, parseDistance: parseDistance, grouped: grouped,
               formatDistance: formatDistance, crc32: crc32, distance: distance, displayReach: displayReach,
               latLngs: latLngs, parseHash: parseHash};
  R._util.parseLatLon = R.parseLatLon = parseLatLon;
  R.parseDistance = parseDistance;
  R.formatDistance = formatDistance;
  R.parseHash = function (text) {
    return parseHash(text, {sites: 60, custom: 20, name_chars: 120, max_range_m: 2e7, min_range_m: 0.001, rings: 300,
                            params: 500, notices: 20});
  };
  if (typeof R.distance !== "function") R.distance = distance;
})();
