/* rangemap flight.js: idealised flight times and circular-normal accuracy in the page, with the contract
 * of Python's rangemap.flight (which stays the reference; tests/test_page_time.py checks this port
 * against it and against a numerical integration of the two-body problem).
 *
 * Ballistic: free flight only, burnout to impact, on a Keplerian ellipse round a spherical, non-rotating
 * Earth in vacuum (MU, EARTH_RADIUS_M below); the ground range is an arc of that sphere. No boost phase,
 * drag or Earth rotation: real flights take longer. Cruise: distance / speed, a straight-line lower bound.
 * Accuracy: one shot lands within R of the aim point with probability 1 - 0.5 ** ((R / CEP) ** 2).
 *
 *   rangemap.flight.time(rangeM, {model: "ballistic"|"cruise", apogeeM, speedKmh})  -> seconds
 *   rangemap.flight.trajectory(rangeM, apogeeM)  -> {apogee_m, burnout_speed_ms, launch_angle_deg, time_s}
 *   rangemap.flight.rangeForTime(seconds, {...as time})  -> metres reached in that time, or null if none
 *   rangemap.flight.hitProbability(cepM, radiusM, shots)  -> P(at least one of `shots` within radiusM)
 *   rangemap.flight.accuracyRadius(cepM, p)  -> radius holding one shot with probability p
 *   rangemap.flight.impacts(cepM, n, seed)  -> n seeded misses [{distance_m, azimuth_deg}] (circular normal)
 *   rangemap.flight.duration(seconds)  -> "6 min 29 s"
 * Bad input throws an Error whose one-line message names the value. Needs nothing else.
 */
(function (root) {
  "use strict";
  var ns = (root.rangemap = root.rangemap || {});
  var MU = 3.986004418e14;          // m^3/s^2, as rangemap.flight.MU
  var R = 6371008.8;                // m, as rangemap.flight.EARTH_RADIUS_M
  var LIMIT = Math.PI * R;          // ballistic ranges stay below half the sphere's circumference
  var LN2 = Math.log(2);

  function fail(name, value, why) {
    var text = typeof value === "number" ? String(value) : JSON.stringify(value);
    if (typeof text !== "string") text = String(typeof value);
    throw new Error("rangemap: " + name + " " + (text.length > 40 ? text.slice(0, 37) + "..." : text) + " " + why);
  }

  function positive(value, name, unit) {
    if (typeof value !== "number" || !(value > 0 && value < Infinity))
      fail(name, value, "must be a positive, finite number of " + (unit || "metres"));
    return value;
  }

  /* The ellipse through both ends (minimum energy, or through apogee altitude `apogee`): as Python's _ellipse. */
  function ellipse(range, apogee) {
    if (!(range < LIMIT))
      fail("ballistic range_m", range, "must be less than half the sphere's circumference (" + Math.round(LIMIT) + " m)");
    var psi = range / (2 * R), s = Math.sin(psi), c = Math.cos(psi), a, e;
    if (apogee === null || apogee === undefined) {
      a = R * (1 + s) / 2;
      e = Math.sqrt((1 - s) / (1 + s));
    } else {
      var ra = R + apogee;
      e = apogee / (ra - R * c);
      a = ra / (1 + e);
    }
    var f = Math.atan2(Math.sqrt(1 - e * e) * s, c - e);
    return {apogee_m: a * (1 + e) - R, burnout_speed_ms: Math.sqrt(MU * (2 / R - 1 / a)),
            launch_angle_deg: Math.atan2(e * s, 1 - e * c) * 180 / Math.PI,
            time_s: 2 * Math.sqrt(a * a * a / MU) * (f + e * Math.sin(f))};
  }

  function model(opts) {
    var o = opts == null ? {} : opts;
    if (typeof o !== "object") fail("options", o, "must be an object");
    var m = o.model == null ? "ballistic" : o.model;
    if (m === "cruise") {
      if (o.apogeeM != null) throw new Error("rangemap: apogee applies to the ballistic model only, not cruise");
      return {model: m, speed: positive(o.speedKmh, "speed_kmh", "km/h") / 3.6};
    }
    if (m !== "ballistic") fail("flight model", m, "is unknown: use ballistic or cruise");
    if (o.speedKmh != null) throw new Error("rangemap: speed_kmh applies to the cruise model only, not ballistic");
    return {model: m, apogee: o.apogeeM == null ? null : positive(o.apogeeM, "apogee_m")};
  }

  function time(rangeM, opts) {
    var m = model(opts), r = positive(rangeM, "range_m");
    return m.model === "cruise" ? r / m.speed : ellipse(r, m.apogee).time_s;
  }

  function trajectory(rangeM, apogeeM) {
    return ellipse(positive(rangeM, "range_m"), apogeeM == null ? null : positive(apogeeM, "apogee_m"));
  }

  /* The range whose flight takes `seconds`, or null when no range does (longer than any flight short of
   * half the circumference; through a fixed apogee, shorter than the quickest flight through it, about
   * the fall from it). Bisection on the range, where the time grows with it (minimum energy: everywhere;
   * a fixed apogee: beyond its quickest range, found on a scan); relative precision about 1e-13. */
  function rangeForTime(seconds, opts) {
    var m = model(opts), t = positive(seconds, "time", "seconds");
    if (m.model === "cruise") return t * m.speed;
    var lo = 0, hi = LIMIT * (1 - 1e-12);
    if (!(t < ellipse(hi, m.apogee).time_s)) return null;
    if (m.apogee !== null) {
      var best = Infinity;
      for (var k = 0; k <= 60; k++) {  // 1 km to the limit, log-spaced: the quickest flight through the apogee
        var r = 1000 * Math.pow(hi / 1000, k / 60), tk = ellipse(r, m.apogee).time_s;
        if (tk < best) { best = tk; lo = r; }
      }
      if (!(t > best)) return null;
    }
    for (var i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      var mid = (lo + hi) / 2;
      if (ellipse(mid, m.apogee).time_s < t) lo = mid; else hi = mid;
    }
    return (lo + hi) / 2;
  }

  function cep(value) { return positive(value, "cep_m"); }

  function hitProbability(cepM, radiusM, shots) {
    var c = cep(cepM), n = shots == null ? 1 : shots;
    if (typeof radiusM !== "number" || !(radiusM >= 0 && radiusM < Infinity))
      fail("radius_m", radiusM, "must be a finite number of metres, 0 or more");
    if (typeof n !== "number" || !(n >= 1) || Math.floor(n) !== n || n === Infinity)
      fail("shots", n, "must be a positive whole number");
    return -Math.expm1(-n * LN2 * (radiusM / c) * (radiusM / c));
  }

  function accuracyRadius(cepM, p) {
    var c = cep(cepM);
    if (typeof p !== "number" || !(p > 0 && p < 1)) fail("probability p", p, "must lie strictly between 0 and 1");
    return c * Math.sqrt(-Math.log1p(-p) / LN2);
  }

  /* A small seeded generator (mulberry32): the same seed gives the same impacts in every browser. */
  function prng(seed) {
    var a = (Number(seed) >>> 0) || 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /* n misses from a circular normal with median miss cepM: Rayleigh distances (sigma = CEP / sqrt(2 ln 2)),
   * uniform azimuths; the page places them by the geodesic direct problem. */
  function impacts(cepM, n, seed) {
    var c = cep(cepM), sigma = c / Math.sqrt(2 * LN2), next = prng(seed == null ? 0 : seed), out = [];
    if (typeof n !== "number" || !(n >= 0 && n <= 10000) || Math.floor(n) !== n)
      fail("impacts", n, "must be a whole number from 0 to 10000");
    for (var i = 0; i < n; i++) {
      var u = next(), v = next();
      out.push({distance_m: sigma * Math.sqrt(-2 * Math.log(1 - u)), azimuth_deg: 360 * v});
    }
    return out;
  }

  /* "45 s", "6 min 29 s", "1 h 05 min": seconds as a reader says them (to the second below an hour). */
  function duration(seconds) {
    var s = Math.round(seconds);
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min" + (s % 60 ? " " + (s % 60) + " s" : "");
    var m = Math.round(s / 60);
    return Math.floor(m / 60) + " h " + (m % 60 < 10 ? "0" : "") + (m % 60) + " min";
  }

  ns.flight = {MU: MU, EARTH_RADIUS_M: R, time: time, trajectory: trajectory, rangeForTime: rangeForTime,
               hitProbability: hitProbability, accuracyRadius: accuracyRadius, impacts: impacts, prng: prng,
               duration: duration};
})(typeof window !== "undefined" ? window : globalThis);
