/* rangemap reach.js: exact WGS84 reach in the page, with the contract of Python's reach_polygon.
 *
 * The reach of a launch point is every point whose shortest path on WGS84 is within range. Boundary
 * vertices are exact geodesic points (Karney's geographiclib-geodesic, loaded first as a classic script:
 * it defines window.geodesic); edges are straight in lon/lat and planned from the ring's curvature to
 * stay within the tolerance. Port of the rangemap/geodesy package, which stays the reference. One file
 * (past the house's ~300 lines) because it loads as one classic script with no build step.
 *
 * Assembly needs no polygon clipping. Each boundary ring is oriented with the region on its left, cut
 * where it crosses the map's west/east edge (±180°), and the pieces are joined along the rectangle
 * border (poles and edge meridians) going round it anticlockwise. Rings that cross nothing are
 * exteriors when anticlockwise and holes when clockwise; with no exterior at all the region is the
 * whole rectangle with those holes (ranges beyond a hemisphere, the whole globe).
 *
 *   rangemap.reach(lat, lon, rangeM, {minRangeM: 0, toleranceM: 50})  -> GeoJSON Polygon|MultiPolygon,
 *       lon/lat degrees in [-180, 180] x [-90, 90], split at ±180° (RFC 7946), rings closed,
 *       exteriors anticlockwise, holes clockwise
 *   rangemap.reachDisplay(...same...)  -> the same region with longitudes in [lon - 180, lon + 180],
 *       cut only at the meridian opposite the launch point: one shape to draw in Leaflet
 *   rangemap.distance(lat1, lon1, lat2, lon2)  -> geodesic distance in metres
 *   rangemap.LONGEST_GEODESIC_M  -> the longest shortest path on WGS84 (half a meridian), metres
 * Bad input throws an Error whose one-line message names the value.
 */
(function (root) {
  "use strict";
  var ns = (root.rangemap = root.rangemap || {});
  var lib = root.geodesic;
  if (!lib || !lib.Geodesic) {
    throw new Error("rangemap reach.js: load geographiclib-geodesic (window.geodesic) first");
  }
  var Geodesic = lib.Geodesic;
  var GEOD = Geodesic.WGS84;
  var POSITION = Geodesic.LATITUDE | Geodesic.LONGITUDE;
  var DISTANCE = Geodesic.DISTANCE;

  var A = GEOD.a, B = GEOD.a * (1 - GEOD.f);
  var R = (2 * A + B) / 3; // mean radius, metres: only for planning vertex counts, never for distances
  var LONGEST_GEODESIC_M = 2 * GEOD.Inverse(0, 0, 90, 0, DISTANCE).s12;
  var COARSE = 32; // azimuths of the planning ring (multiple of 4, so 0° and 180° are vertices)
  var CAP_SWITCH_M = 100000; // within this of the antipode, rays from the antipode replace Direct
  var POLAR_LAT = 75; // rings reaching beyond this latitude are refined edge by edge ...
  var CHECKED_LAT = 70; // ... on their edges beyond this latitude
  var SAFETY = 0.5; // planned sagitta as a share of the tolerance
  var MAX_SPLITS = 4096;
  var ELLIPSOID_KAPPA = 0.01; // × 1/R: bound on WGS84 ring curvature beyond the sphere's
  var REFINE_ROUNDS = 30;
  var DEG = Math.PI / 180;
  var COS_AZ = [];
  for (var j = 0; j <= COARSE; j++) COS_AZ.push(Math.cos(j * (360 / COARSE) * DEG));

  // --- input -------------------------------------------------------------------------------------

  function shown(value) {
    if (typeof value === "number") return String(value);
    var text;
    try { text = JSON.stringify(value); } catch (e) { text = undefined; }
    if (typeof text !== "string") text = String(typeof value);
    return text.length > 40 ? text.slice(0, 37) + "..." : text;
  }

  function fail(name, value, why) {
    throw new Error("rangemap: " + name + " " + shown(value) + " " + why);
  }

  function checkPoint(lat, lon, which) {
    if (typeof lat !== "number" || !(Math.abs(lat) <= 90)) {
      fail("latitude" + which, lat, "is out of bounds (a number of degrees within ±90)");
    }
    if (typeof lon !== "number" || !isFinite(lon)) {
      fail("longitude" + which, lon, "is out of bounds (a finite number of degrees)");
    }
  }

  function readOptions(rangeM, options) {
    var o = options == null ? {} : options;
    if (typeof o !== "object") fail("options", o, "must be an object");
    var minRangeM = o.minRangeM == null ? 0 : o.minRangeM;
    var toleranceM = o.toleranceM == null ? 50 : o.toleranceM;
    if (typeof toleranceM !== "number" || !(toleranceM > 0 && toleranceM < Infinity)) {
      fail("toleranceM", toleranceM, "must be a positive number of metres");
    }
    if (typeof rangeM !== "number" || !(rangeM > 0 && rangeM < Infinity)) {
      fail("rangeM", rangeM, "is out of bounds (a positive number of metres)");
    }
    if (typeof minRangeM !== "number" || !(minRangeM >= 0 && minRangeM < Infinity)) {
      fail("minRangeM", minRangeM, "is out of bounds (zero or a positive number of metres)");
    }
    if (!(minRangeM < rangeM)) fail("minRangeM", minRangeM, "must be less than rangeM " + rangeM);
    return { minRangeM: minRangeM, toleranceM: toleranceM };
  }

  function wrap180(x) { // like Python's (x + 180) % 360 - 180
    var r = (x + 180) % 360;
    if (r < 0) r += 360;
    return r - 180;
  }

  // --- one boundary ring ---------------------------------------------------------------------------

  /* Sub-edges per coarse edge so that each straight lon/lat edge stays within tol of the ring (the
   * planner of geodesy._plan_splits): sagitta of an edge of arc s ≈ s²/8 · (|κ| + 1.62 |tan φ| / R). */
  function planSplits(lat, rng, tol) {
    var phi = lat * DEG, delta = rng / R;
    var sinD = Math.sin(delta), cosD = Math.cos(delta);
    var sinPhi = Math.sin(phi), cosPhi = Math.cos(phi);
    var sinLat = new Float64Array(COARSE + 1), tanLat = new Float64Array(COARSE + 1);
    var sMax = 0;
    for (var j = 0; j <= COARSE; j++) {
      var v = sinPhi * cosD + cosPhi * sinD * COS_AZ[j];
      var s = Math.abs(v);
      sinLat[j] = v;
      tanLat[j] = s / Math.sqrt(Math.max(1 - s * s, 1e-24));
      if (s > sMax) sMax = s;
    }
    var kappa = Math.abs(cosD / sinD) + ELLIPSOID_KAPPA;
    var scale = Math.abs(sinD) * ((2 * Math.PI / COARSE) * Math.sqrt(R / (8 * SAFETY * tol)));
    var nearPole = Math.cos(tol * SAFETY / (2 * R)); // both ends this close to one pole: one edge does
    var splits = new Int32Array(COARSE);
    for (j = 0; j < COARSE; j++) {
      var n = Math.ceil(scale * Math.sqrt(kappa + 1.62 * Math.max(tanLat[j], tanLat[j + 1])));
      if (sMax >= nearPole && Math.min(Math.abs(sinLat[j]), Math.abs(sinLat[j + 1])) >= nearPole &&
          sinLat[j] * sinLat[j + 1] > 0) n = 1;
      splits[j] = Math.min(n, MAX_SPLITS);
    }
    return splits;
  }

  /* Ring at distance rng from (lat, lon) by Direct, azimuths ascending from 0°: {x: lon, y: lat, p: az}. */
  function directRing(lat, lon, rng, tol) {
    var splits = planSplits(lat, rng, tol);
    var total = 0;
    for (var j = 0; j < COARSE; j++) total += splits[j];
    var x = new Float64Array(total), y = new Float64Array(total), p = new Float64Array(total);
    var k = 0;
    for (j = 0; j < COARSE; j++) {
      var step = (360 / COARSE) / splits[j], az0 = j * (360 / COARSE);
      for (var i = 0; i < splits[j]; i++, k++) {
        var az = az0 + i * step;
        var r = GEOD.Direct(lat, lon, az, rng, POSITION);
        x[k] = r.lon2; y[k] = r.lat2; p[k] = az;
      }
    }
    return { x: x, y: y, p: p };
  }

  /* Great-circle distance in metres on the mean sphere (atan2 form: accurate up to the antipode). */
  function sphereM(lat1, lon1, lat2, lon2) {
    var p1 = lat1 * DEG, p2 = lat2 * DEG, dl = (lon2 - lon1) * DEG;
    var s1 = Math.sin(p1), c1 = Math.cos(p1), s2 = Math.sin(p2), c2 = Math.cos(p2), cdl = Math.cos(dl);
    return R * Math.atan2(Math.hypot(c2 * Math.sin(dl), c1 * s2 - s1 * c2 * cdl), s1 * s2 + c1 * c2 * cdl);
  }

  /* Insert vertices by bisecting the ring's parameter until edge midpoints are within 0.6 tol of the
   * ring (geodesy._refine). pointAt(par) -> [lon, lat] on the ring; excess(lon, lat) -> signed metres
   * from the ring. Only edges with an end beyond checkAbove degrees of latitude are checked. With
   * `centre` ([lat, lon]: the ring is every point at one distance from it), a spherical estimate
   * screens each edge first and only those it puts beyond 0.5 tol get the exact check (as
   * geodesy._sphere_excess: the ellipsoid's departure from the sphere cancels along a short edge). */
  function refine(ring, pointAt, excess, tol, checkAbove, centre) {
    var n = ring.x.length, xs = [], ys = [], ps = [];
    function split(xa, ya, pa, xb, yb, pb, depth) {
      if (depth >= REFINE_ROUNDS || Math.max(Math.abs(ya), Math.abs(yb)) <= checkAbove) return;
      var mx = xa + 0.5 * wrap180(xb - xa), my = ya + 0.5 * (yb - ya);
      if (centre) {
        var c0 = centre[0], c1 = centre[1];
        var guess = sphereM(c0, c1, my, mx) - 0.5 * (sphereM(c0, c1, ya, xa) + sphereM(c0, c1, yb, xb));
        if (!(Math.abs(guess) > tol * 0.5)) return;
      }
      if (!(Math.abs(excess(mx, my)) > tol * 0.6)) return;
      var pm = (pa + pb) / 2, m = pointAt(pm);
      split(xa, ya, pa, m[0], m[1], pm, depth + 1);
      xs.push(m[0]); ys.push(m[1]); ps.push(pm);
      split(m[0], m[1], pm, xb, yb, pb, depth + 1);
    }
    for (var i = 0; i < n; i++) {
      var k = i + 1 === n ? 0 : i + 1;
      xs.push(ring.x[i]); ys.push(ring.y[i]); ps.push(ring.p[i]);
      split(ring.x[i], ring.y[i], ring.p[i], ring.x[k], ring.y[k], k === 0 ? ring.p[0] + 360 : ring.p[k], 0);
    }
    return { x: xs, y: ys, p: ps };
  }

  function distanceM(lat1, lon1, lat2, lon2) {
    return GEOD.Inverse(lat1, lon1, lat2, lon2, DISTANCE).s12;
  }

  /* Ring around the antipode where distance = rng, by bisection along rays from the antipode (within
   * 100 km of the longest geodesic, where geodesics from the centre pass the cut locus). */
  function antipodeRing(lat, lon, rng, tol) {
    var alat = -lat, alon = lon + 180, gap = LONGEST_GEODESIC_M - rng;
    function pointAt(beta) {
      var lo = 0, hi = gap + 300000;
      for (var it = 0; it < 60 && hi - lo >= 1e-4; it++) {
        var mid = (lo + hi) / 2, q = GEOD.Direct(alat, alon, beta, mid, POSITION);
        if (distanceM(lat, lon, q.lat2, q.lon2) <= rng) hi = mid; else lo = mid;
      }
      var e = GEOD.Direct(alat, alon, beta, hi, POSITION);
      return [e.lon2, e.lat2];
    }
    var m = 2 * COARSE, x = [], y = [], p = [];
    for (var i = 0; i < m; i++) {
      var q = pointAt(i * (360 / m));
      x.push(q[0]); y.push(q[1]); p.push(i * (360 / m));
    }
    return refine({ x: x, y: y, p: p }, pointAt,
                  function (lo_, la) { return distanceM(lat, lon, la, lo_) - rng; }, tol, -1);
  }

  /* Boundary of {q : distance(centre, q) <= rng} with the disc on its left, or null for the globe. */
  function discBoundary(lat, lon, rng, tol) {
    if (rng >= LONGEST_GEODESIC_M) return null;
    if (rng > LONGEST_GEODESIC_M - CAP_SWITCH_M) return antipodeRing(lat, lon, rng, tol); // disc on left
    var ring = directRing(lat, lon, rng, tol);
    var top = 0;
    for (var i = 0; i < ring.y.length; i++) top = Math.max(top, Math.abs(ring.y[i]));
    if (top > POLAR_LAT) {
      ring = refine(ring,
                    function (az) { var r = GEOD.Direct(lat, lon, az, rng, POSITION); return [r.lon2, r.lat2]; },
                    function (lo_, la) { return distanceM(lat, lon, la, lo_) - rng; }, tol, CHECKED_LAT,
                    [lat, lon]);
    }
    return reversed(ring); // azimuths ascending run clockwise round the centre: the disc is on the right
  }

  function reversed(ring) {
    return { x: Array.prototype.slice.call(ring.x).reverse(), y: Array.prototype.slice.call(ring.y).reverse() };
  }

  // --- assembly in the rectangle [west, west + 360] × [-90, 90] --------------------------------------

  /* Cut a ring (region on its left) where its unwrapped longitude crosses west + 360k. Returns
   * {closed: [[x, y]...]} when it crosses nothing, else {chains: [[[x, y]...]...]}, each chain running
   * from the west or east edge to the west or east edge of the rectangle. */
  function cutRing(ring, west) {
    var xs = ring.x, ys = ring.y, n = xs.length, east = west + 360;
    var x0 = xs[0] - 360 * Math.floor((xs[0] - west) / 360);
    if (x0 >= east - 1e-9 || x0 < west + 1e-9) x0 = west; // on the edge meridian (see below)
    var k = 0, chains = [], cur = [[x0, ys[0]]], prevX = x0, prevY = ys[0];
    for (var i = 1; i <= n; i++) {
      var closing = i === n;
      var raw = closing ? xs[0] : xs[i], yy = closing ? ys[0] : ys[i];
      var xx = prevX + wrap180(raw - (i === 1 ? xs[0] : xs[i - 1]));
      var turns = Math.round((xx - (closing ? x0 : raw)) / 360);
      xx = (closing ? x0 : raw) + 360 * turns; // whole turns from the vertex itself: no drift
      // A vertex on an edge meridian (within 1e-9°, 0.1 mm) is put on it, in the strip east of it,
      // so that the ring touches the cut at the vertex instead of crossing it twice.
      var m = Math.round((xx - west) / 360);
      var onLine = !closing && Math.abs(xx - (west + 360 * m)) < 1e-9;
      if (onLine) xx = west + 360 * m;
      var kk = closing ? turns : onLine ? m : Math.floor((xx - west) / 360);
      if (kk !== k) {
        var line = west + 360 * Math.max(k, kk);
        var t = (line - prevX) / (xx - prevX);
        var yc = t <= 0 ? prevY : t >= 1 ? yy : prevY + t * (yy - prevY);
        cur.push([kk > k ? east : west, yc]);
        chains.push(cur);
        cur = [[kk > k ? west : east, yc]];
        k = kk;
      }
      if (closing) cur.push([x0, yy]);
      else cur.push([onLine ? west : clamp(xx - 360 * k, west, east), yy]);
      prevX = xx; prevY = yy;
    }
    if (!chains.length) {
      cur.pop(); // the closing repeat of the first vertex
      return { closed: dedupe(cur) };
    }
    // The last chain ends at the first vertex, where the first chain starts: join them.
    cur.pop();
    chains[0] = dedupe(cur.concat(chains[0]));
    for (i = 1; i < chains.length; i++) chains[i] = dedupe(chains[i]);
    return { chains: chains };
  }

  function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }

  function dedupe(pts) {
    var out = [];
    for (var i = 0; i < pts.length; i++) {
      var q = pts[i], last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  }

  function signedArea(pts) { // shoelace, anticlockwise positive
    var s = 0, n = pts.length;
    for (var i = 0, j = n - 1; i < n; j = i++) s += (pts[j][0] - pts[i][0]) * (pts[j][1] + pts[i][1]);
    return s / 2;
  }

  function inside(pt, ring) { // even-odd ray casting
    var x = pt[0], y = pt[1], c = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var yi = ring[i][1], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < ring[j][0] + (y - yj) * (ring[i][0] - ring[j][0]) / (yi - yj)) c = !c;
    }
    return c;
  }

  /* Rings (each with the region on its left) to GeoJSON in the rectangle [west, west + 360]. */
  function assemble(rings, west) {
    var east = west + 360, chains = [], exteriors = [], holes = [];
    for (var i = 0; i < rings.length; i++) {
      var cut = cutRing(rings[i], west);
      if (cut.closed) {
        if (cut.closed.length < 3) continue;
        var area = signedArea(cut.closed);
        if (area > 0) exteriors.push(cut.closed); else if (area < 0) holes.push(cut.closed);
      } else {
        chains = chains.concat(cut.chains);
      }
    }
    // Position along the rectangle border, anticlockwise from its south-west corner.
    function along(q) { return q[0] === east ? 360 + (q[1] + 90) : 900 + (90 - q[1]); }
    var corners = [[0, [west, -90]], [360, [east, -90]], [540, [east, 90]], [900, [west, 90]]];
    var used = chains.map(function () { return false; });
    for (i = 0; i < chains.length; i++) {
      if (used[i]) continue;
      var ring = [], c = i;
      for (;;) {
        used[c] = true;
        ring = ring.concat(chains[c]);
        var te = along(chains[c][chains[c].length - 1]), best = -1, bestGap = Infinity;
        for (var s = 0; s < chains.length; s++) {
          if (used[s] && s !== i) continue;
          var gap = (along(chains[s][0]) - te + 1080) % 1080;
          if (gap < bestGap) { bestGap = gap; best = s; }
        }
        if (best < 0) break; // cannot happen for a consistent set of rings
        var passed = corners.filter(function (cn) {
          var d = (cn[0] - te + 1080) % 1080;
          return d > 0 && d < bestGap;
        }).sort(function (a, b) { return (a[0] - te + 1080) % 1080 - (b[0] - te + 1080) % 1080; });
        for (var m = 0; m < passed.length; m++) ring.push(passed[m][1].slice());
        if (best === i) break;
        c = best;
      }
      ring = dedupe(ring);
      if (ring.length >= 3 && signedArea(ring) !== 0) exteriors.push(ring);
    }
    if (!chains.length && !exteriors.length) exteriors.push([[west, -90], [east, -90], [east, 90], [west, 90]]);
    var polygons = exteriors.map(function (ext) { return [ext]; });
    for (i = 0; i < holes.length; i++) {
      for (var e = 0; e < polygons.length; e++) {
        if (polygons.length === 1 || inside(holes[i][0], polygons[e][0])) { polygons[e].push(holes[i]); break; }
      }
    }
    var coords = polygons.map(function (poly) {
      return poly.map(function (r) { var closed = r.slice(); closed.push(r[0].slice()); return closed; });
    });
    return coords.length === 1 ? { type: "Polygon", coordinates: coords[0] }
                               : { type: "MultiPolygon", coordinates: coords };
  }

  // --- public ------------------------------------------------------------------------------------

  function region(lat, lon, rangeM, options, display) {
    checkPoint(lat, lon, "");
    var o = readOptions(rangeM, options);
    lon = wrap180(lon);
    var rings = [];
    var outer = discBoundary(lat, lon, rangeM, o.toleranceM);
    if (outer) rings.push(outer);
    if (o.minRangeM > 0) {
      var inner = discBoundary(lat, lon, o.minRangeM, o.toleranceM);
      if (!inner) return { type: "MultiPolygon", coordinates: [] }; // nothing is farther than the globe
      rings.push(reversed(inner)); // the annulus lies outside the inner disc
    }
    return assemble(rings, display ? lon - 180 : -180);
  }

  /** Everywhere within rangeM metres of (lat, lon) on WGS84 (and not nearer than minRangeM), as a
   *  GeoJSON Polygon or MultiPolygon split at ±180°; vertices on the boundary, edges within toleranceM. */
  ns.reach = function reach(lat, lon, rangeM, options) {
    return region(lat, lon, rangeM, options, false);
  };

  /** The same region as reach(), with longitudes in [lon - 180, lon + 180] for drawing as one shape. */
  ns.reachDisplay = function reachDisplay(lat, lon, rangeM, options) {
    return region(lat, lon, rangeM, options, true);
  };

  /** Geodesic distance on WGS84 in metres. */
  ns.distance = function distance(lat1, lon1, lat2, lon2) {
    checkPoint(lat1, lon1, "1");
    checkPoint(lat2, lon2, "2");
    return distanceM(lat1, lon1, lat2, lon2);
  };

  ns.LONGEST_GEODESIC_M = LONGEST_GEODESIC_M;
})(typeof window !== "undefined" ? window : globalThis);
