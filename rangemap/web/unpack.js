/* rangemap unpack.js: the page state's packed parts (rangemap/render/packing.py) back to plain data.
 *
 * Integers come as text, a column of digits at a time (packing.ints): the first character is the number of
 * base-87 digits each integer has, then come every integer's highest digit, every integer's next digit, and
 * so on; each integer is zigzag-encoded (0, 1, 2, 3 … for 0, -1, 1, -2 …). The digits are printable ASCII
 * from "#" less \ < > & and "{". Coordinates are steps from the one before on a grid of 10^-digits degrees;
 * each is rebuilt as integer / 10^digits, the very number the JSON would have held. Exposes window.rangemapPacked.{unpack, ints, geometry}; unpack(state) returns
 * the state as rangemap.render.leaflet.ReachMap.page_state gives it (packed parts decoded, the rest as is).
 */
(function () {
  "use strict";

  var DIGITS = "#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz|}~";
  var VALUE = new Uint8Array(128);
  for (var d = 0; d < DIGITS.length; d++) { VALUE[DIGITS.charCodeAt(d)] = d; }

  /** The integers of `text` (see above), as an array of numbers. */
  function ints(text) {
    if (!text) { return []; }
    var width = VALUE[text.charCodeAt(0)], n = (text.length - 1) / width, out = new Array(n), i;
    for (i = 0; i < n; i++) { out[i] = 0; }
    for (var k = 0, at = 1; k < width; k++) {
      for (i = 0; i < n; i++, at++) { out[i] = out[i] * 87 + VALUE[text.charCodeAt(at)]; }
    }
    for (i = 0; i < n; i++) { out[i] = out[i] % 2 ? -(out[i] + 1) / 2 : out[i] / 2; }
    return out;
  }

  /** Running sums of steps, in place. */
  function summed(steps, stride) {
    for (var i = stride; i < steps.length; i++) { steps[i] += steps[i - stride]; }
    return steps;
  }

  var DEPTH = {Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3};

  /** A packed geometry ({type, digits, counts, steps}) as GeoJSON; anything else as it is. */
  function geometry(g) {
    if (!g || g.steps === undefined || !(g.type in DEPTH)) { return g; }
    var counts = ints(g.counts), xy = summed(ints(g.steps), 2), unit = Math.pow(10, g.digits), ci = 0, pi = 0;
    function build(level) {
      if (level === 0) { var p = [xy[pi] / unit, xy[pi + 1] / unit]; pi += 2; return p; }
      var n = counts[ci++], list = new Array(n);
      for (var k = 0; k < n; k++) { list[k] = build(level - 1); }
      return list;
    }
    return {type: g.type, coordinates: build(DEPTH[g.type])};
  }

  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  /** A static cities layer: points [lat, lon, radius, label, tip lines], rows of the app's table by `ref`. */
  function cityLayer(layer, table) {
    if (!layer.packed) { return layer; }
    var ref = summed(ints(layer.ref), 1), own = summed(ints(layer.steps), 2), radius = ints(layer.radius);
    var unit = Math.pow(10, layer.digits), points = new Array(ref.length), o = 0, f = 0;
    for (var i = 0; i < ref.length; i++) {
      var lat, lon, first;
      if (ref[i] > 0) {
        var r = ref[i] - 1;
        lat = table.lat[r]; lon = table.lon[r];
        first = table.name[r] + " (" + table.country[r] + "), pop. " + grouped(table.pop[r]);
      } else {
        lat = own[o] / unit; lon = own[o + 1] / unit; o += 2;
        first = layer.first[f++];
      }
      points[i] = [lat, lon, radius[i] / 10, null, [first].concat(layer.lines[i])];
    }
    layer.labels.forEach(function (l) { points[l[0]][3] = l[1]; });
    return {name: layer.name, points: points};
  }

  /** A column of strings, joined by "|" in the page (packing._joined), as a list. */
  function column(v) { return typeof v === "string" ? v.split("|") : v; }

  /** The app's cities table with its columns decoded: its runs of rows (packing._cities_table) back to one
   *  table of latitude steps, longitudes (1/scale degrees) and populations. */
  function citiesTable(c) {
    if (!c || !c.packed) { return c; }
    var out = {}, latSteps = [], lon = [], pop = [], last = 0;
    for (var k in c) {
      if (Object.prototype.hasOwnProperty.call(c, k) && k !== "runs" && k !== "packed") { out[k] = c[k]; }
    }
    c.runs.forEach(function (run) {
      var a = ints(run.latSteps), b = ints(run.lon), p = ints(run.pop), y = 0, x = 0;
      for (var i = 0; i < run.n; i++) {
        y += a[i]; x += b[i];
        latSteps.push(y * run.unit - last); last = y * run.unit;
        lon.push(x * run.unit); pop.push(p[i] + run.popFrom);
      }
    });
    out.name = column(c.name); out.country = column(c.country); out.region = column(c.region);
    out.latSteps = latSteps; out.lon = lon; out.pop = pop;
    return out;
  }

  function copy(o, changes) {
    var out = {};
    for (var k in o) { if (Object.prototype.hasOwnProperty.call(o, k)) { out[k] = o[k]; } }
    for (var c in changes) { if (Object.prototype.hasOwnProperty.call(changes, c)) { out[c] = changes[c]; } }
    return out;
  }

  function shape(o) { return copy(o, {geometry: geometry(o.geometry)}); }

  function appPart(state) { return state.app ? copy(state.app, {cities: citiesTable(state.app.cities)}) : state.app; }

  /** Borders with each shared border once (packing.borders): every arc's points, then each feature's rings
   *  rebuilt from its arcs (~i: arc i walked backwards), a junction where two arcs meet written once. */
  function bordersPart(state) {
    var b = state.borders;
    if (!b || !b.arcs) { return b ? copy(b, {features: b.features.map(shape)}) : b; }
    var lengths = ints(b.arcs.counts), xy = summed(ints(b.arcs.steps), 2), unit = Math.pow(10, b.digits);
    var arcs = new Array(lengths.length), at = 0;
    for (var a = 0; a < lengths.length; a++) { arcs[a] = at; at += 2 * lengths[a]; }
    function ring(refs, from, n) {
      var out = [];
      for (var r = from; r < from + n; r++) {
        var k = refs[r] < 0 ? ~refs[r] : refs[r], m = lengths[k], back = refs[r] < 0;
        for (var i = out.length ? 1 : 0; i < m; i++) {
          var p = arcs[k] + 2 * (back ? m - 1 - i : i);
          out.push([xy[p] / unit, xy[p + 1] / unit]);
        }
      }
      return out;
    }
    var features = b.features.map(function (f) {
      var g = f.geometry;
      if (!g || g.arcs === undefined) { return shape(f); }
      var counts = ints(g.counts), refs = ints(g.arcs), ci = 0, ri = 0;
      function polygon() {
        var rings = new Array(counts[ci++]);
        for (var k = 0; k < rings.length; k++) { var n = counts[ci++]; rings[k] = ring(refs, ri, n); ri += n; }
        return rings;
      }
      var coordinates;
      if (g.type === "Polygon") { coordinates = polygon(); } else {
        coordinates = new Array(counts[ci++]);
        for (var q = 0; q < coordinates.length; q++) { coordinates[q] = polygon(); }
      }
      return copy(f, {geometry: {type: g.type, coordinates: coordinates}});
    });
    var out = copy(b, {features: features});
    delete out.arcs; delete out.digits;
    return out;
  }

  /** The state decoded; `done` may hold its app and borders parts decoded already (see steps). */
  function unpack(state, done) {
    done = done || {};
    var app = "app" in done ? done.app : appPart(state), table = null;
    if (app && app.cities) {  /* coordinates of the drawn rows, as the cities layer refers to them */
      var c = app.cities, scale = c.scale > 0 ? c.scale : 1, acc = 0, n = c.name.length;
      table = {lat: new Array(n), lon: new Array(n), name: c.name, country: c.country, pop: c.pop};
      for (var i = 0; i < n; i++) { acc += c.latSteps[i]; table.lat[i] = acc / scale; table.lon[i] = c.lon[i] / scale; }
    }
    return copy(state, {
      app: app,
      borders: "borders" in done ? done.borders : bordersPart(state),
      systems: state.systems.map(function (s) {
        return copy(s, {envelope: geometry(s.envelope), rings: s.rings.map(shape)});
      }),
      envelopes: state.envelopes.map(function (e) { return copy(e, {items: e.items.map(shape)}); }),
      launchAreas: state.launchAreas.map(shape),
      cities: state.cities.map(function (l) { return cityLayer(l, table); })
    });
  }

  /** unpack(state) as three functions to call in turn, each a short task of its own (web/tasks.js): the app's
   *  cities, the borders, the rest; the last returns what unpack(state) does. */
  function steps(state) {
    var done = {};
    return [function () { done.app = appPart(state); }, function () { done.borders = bordersPart(state); },
            function () { return unpack(state, done); }];
  }

  window.rangemapPacked = {unpack: unpack, steps: steps, ints: ints, geometry: geometry};
})();
