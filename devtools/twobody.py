"""The two-body problem integrated numerically (RK4 on Cartesian equations): the independent oracle that
the closed-form flight times of ``rangemap.flight`` (Python) and ``rangemap/web/flight.js`` are checked
against. Same constants (MU, the sphere's radius), none of the same formulas."""

from __future__ import annotations

import math

from rangemap.flight import EARTH_RADIUS_M, MU

R = EARTH_RADIUS_M


def _accel(x: float, y: float) -> tuple[float, float]:
    r3 = (x * x + y * y) ** 1.5
    return -MU * x / r3, -MU * y / r3


def _rk4(state: tuple[float, float, float, float], h: float) -> tuple[float, float, float, float]:
    def deriv(s):
        ax, ay = _accel(s[0], s[1])
        return (s[2], s[3], ax, ay)

    def add(s, k, f):
        return tuple(a + f * b for a, b in zip(s, k))

    k1 = deriv(state)
    k2 = deriv(add(state, k1, h / 2))
    k3 = deriv(add(state, k2, h / 2))
    k4 = deriv(add(state, k3, h))
    return tuple(s + h / 6 * (a + 2 * b + 2 * c + d) for s, a, b, c, d in zip(state, k1, k2, k3, k4))


def integrate(speed: float, angle_deg: float, dt: float = 0.5) -> tuple[float, float, float]:
    """Fly from burnout on the sphere (RK4 on Cartesian two-body equations) until r falls back to R:
    (time s, ground range m along the sphere, highest altitude m)."""
    g = math.radians(angle_deg)
    state = (R, 0.0, speed * math.sin(g), speed * math.cos(g))  # radial out along x, horizontal along y
    t, top = 0.0, 0.0
    while True:
        nxt = _rk4(state, dt)
        r = math.hypot(nxt[0], nxt[1])
        if r < R and t > 0:
            break
        state, t = nxt, t + dt
        top = max(top, r - R)
    lo, hi = 0.0, dt  # bisect the last step for the crossing r = R
    for _ in range(60):
        mid = (lo + hi) / 2
        s = _rk4(state, mid)
        if math.hypot(s[0], s[1]) > R:
            lo = mid
        else:
            hi = mid
    end = _rk4(state, lo)
    return t + lo, R * math.atan2(end[1], end[0]) % (2 * math.pi * R), top
