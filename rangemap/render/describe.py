"""What a reach map shows, in words: its ``<title>``, meta description and the summary read without JavaScript.

:func:`summary` turns the page state (:meth:`ReachMap.page_state`) into plain data — the systems with their
ranges, launch points and sources, the launch points, and the places and people in reach with the line saying
which places are counted; :func:`summary_lines` words it. ``web/describe.js`` words the same data the same
way in the page ("Describe this map", read by screen readers) and recomputes it as launch points move; for an
interactive map the counts here follow the page's own rule (its cities table, ``min_range <= geodesic distance
<= range`` on WGS84) so the ``<noscript>`` text and the page agree. Every text from data or a user is escaped
(:func:`~rangemap.render.elements.html_text`) before it is written: it is never markup. Imports numpy, branca.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from branca.element import Figure, Template

from rangemap import units as units_mod
from rangemap.render.elements import RawHTML, html_text, inlined

__all__ = ["LARGEST", "add_to_page", "headline", "summary", "summary_lines"]

#: How many of the largest places in reach the summary names.
LARGEST = 5
#: Names listed in a headline before "and N more".
_NAMED = 3
_QUALIFIERS = ("about", "up to", "at least", "more than")  # as app.js QUALIFIERS
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
#: branca's page skeleton with the page's language; the title is written (escaped) into the header instead.
_FIGURE = Template('<!DOCTYPE html>\n<html lang="en">\n<head>\n    {{this.header.render(**kwargs)}}\n</head>\n'
                   '<body>\n    {{this.html.render(**kwargs)}}\n</body>\n<script>\n'
                   '    {{this.script.render(**kwargs)}}\n</script>\n</html>\n')


def _listed(names: list[str], noun: str) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``; past three, ``"N systems"``."""
    if len(names) > _NAMED:
        return f"{len(names):,} {noun}"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def headline(s: dict) -> str:
    """One line for a page's title and description: "Reach of Hwasong-15 from Pyongyang"."""
    systems = [x["name"] for x in s["systems"]]
    sites = [x["name"] for x in s["sites"]]
    if not systems:
        return "Reach map"
    return f"Reach of {_listed(systems, 'systems')}" + (f" from {_listed(sites, 'launch points')}" if sites else "")


def _app_summary(app: dict, units: str) -> dict:
    from rangemap.render.interactive import in_reach_at_start

    known = {s["id"]: s for s in app["catalog"]} | {s["id"]: s for s in app["systems"]}
    order: list[str] = []
    for site in app["sites"]:
        order += [sid for sid in site["systems"] if sid in known and sid not in order]
    systems = []
    for sid in order:
        s = known[sid]
        qualifier = s.get("qualifier") if s.get("qualifier") in _QUALIFIERS else ""
        systems.append({"name": str(s["name"] or sid),
                        "range": (qualifier + " " if qualifier else "") + units_mod.format_distance(s["range_m"], units),
                        "min": units_mod.format_distance(s["min_range_m"], units) if s["min_range_m"] > 0 else "",
                        "source": str(s.get("source") or ""),
                        "sites": [site["name"] for site in app["sites"] if sid in site["systems"]]})
    c = app["cities"]
    inside = in_reach_at_start(app)
    pop = np.asarray(c["pop"], dtype=np.int64)
    named = np.flatnonzero(inside[:len(c["name"])])
    largest = named[np.argsort(-pop[named], kind="stable")][:LARGEST]
    return {"systems": systems,
            "sites": [{"name": s["name"], "lat": s["lat"], "lon": s["lon"]} for s in app["sites"]],
            "reach": {"places": int(inside.sum()), "people": int(pop[inside].sum()),
                      "largest": [f"{c['name'][i]} ({c['country'][i]})" for i in largest],
                      "coverage": str(c.get("coverage") or "")},
            "drawn": [], "areas": []}


def _static_summary(state: dict) -> dict:
    systems, sites, seen = [], [], set()
    for s in state["systems"]:
        systems.append({"name": s["name"], "range": s["label"], "min": "", "source": s["source"],
                        "sites": [x["name"] for x in s["sites"]]})
        for x in s["sites"]:
            if (x["name"], x["lat"], x["lon"]) not in seen:
                seen.add((x["name"], x["lat"], x["lon"]))
                sites.append({"name": x["name"], "lat": x["lat"], "lon": x["lon"]})
    for s, row in zip(systems, state["systems"]):  # the minimum, as the rings' tooltips state it
        tip = next((r["tip"][2] for r in row["rings"] if r.get("band", "nominal") == "nominal"), "")
        s["min"] = tip.split(", minimum ", 1)[1] if ", minimum " in tip else ""
    drawn = [{"name": layer["name"], "count": len(layer["points"]),
              "largest": [p[4][0] for p in layer["points"][:LARGEST]]} for layer in state["cities"]]
    areas = [{"name": a["name"], "text": "; ".join(a["tip"][1:]), "source": a["source"]}
             for a in state["launchAreas"]]
    return {"systems": systems, "sites": sites, "reach": None, "drawn": drawn, "areas": areas}


def summary(state: dict) -> dict:
    """What the page shows, as data: ``title`` (or None), ``headline``, ``systems`` [{name, range, min, source,
    sites}], ``sites`` [{name, lat, lon}], ``reach`` ({places, people, largest, coverage}, counted as the page
    counts; None on a static page), ``drawn`` (static pages' city layers: {name, count, largest}) and ``areas``
    (launch areas: {name, text, source})."""
    app = state.get("app")
    out = _app_summary(app, state["units"]) if app else _static_summary(state)
    out["title"] = state.get("title")
    out["headline"] = headline(out)
    return out


def _grouped(x: float, digits: int = 0) -> str:
    """``x`` as the page's ``toLocaleString("en-US")`` writes it: its shortest decimal form rounded half away
    from zero (58.13955 -> "58.1396", where ``f"{x:.4f}"`` rounds the binary value down)."""
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:,.{digits}f}"


def _degrees(x: float) -> str:
    return _grouped(x, 4) + "°"


def summary_lines(s: dict) -> list[str]:
    """The summary as sentences, one a line, as ``web/describe.js`` words them."""
    lines = [s["headline"] + "."]
    r = s["reach"]
    if r is not None:
        lines.append(f"In reach: {r['places']:,} places, {_grouped(r['people'] / 1e6, 1)} million people."
                     + (f" Largest: {', '.join(r['largest'])}." if r["largest"] else ""))
        if r["coverage"]:
            lines.append(r["coverage"] + ".")
    for d in s["drawn"]:
        lines.append(f"{d['name']}: {d['count']:,} drawn." + (f" Largest: {'; '.join(d['largest'])}."
                                                            if d["largest"] else ""))
    for x in s["systems"]:
        lines.append(f"{x['name']}: {x['range']}" + (f", minimum {x['min']}" if x["min"] else "")
                     + (f"; from {', '.join(x['sites'])}" if x["sites"] else "") + "."
                     + (f" Source: {x['source']}" if x["source"] else ""))
    if s["sites"]:
        lines.append("Launch points: " + "; ".join(f"{p['name']} ({_degrees(p['lat'])}, {_degrees(p['lon'])})"
                                                   for p in s["sites"]) + ".")
    for a in s["areas"]:
        lines.append(f"{a['name']}: {a['text']}." + (f" Source: {a['source']}" if a["source"] else ""))
    return lines


def _description(s: dict) -> str:
    text = s["headline"] + "."
    if s["reach"] is not None:
        text += f" {s['reach']['places']:,} places and {_grouped(s['reach']['people'] / 1e6, 1)} million people in reach."
    return text + " Geodesic reach on the WGS84 ellipsoid, with sources."


def _noscript(s: dict) -> str:
    lines = summary_lines(s)
    items = "".join(f"<li>{html_text(line)}</li>" for line in lines[1:])
    return ('<noscript><main class="rangemap-noscript"><h1>' + html_text(s["title"] or s["headline"]) + "</h1>"
            f"<p>{html_text(lines[0])}</p><ul>{items}</ul>"
            "<p>The interactive map needs JavaScript; this is what it shows.</p></main></noscript>")


def add_to_page(m, state: dict) -> dict:
    """Write ``m``'s title, description, the page's language, a zoomable viewport, ``web/describe.js`` and
    the ``<noscript>`` summary into its page; returns the summary (the page state's ``summary``)."""
    s = summary(state)
    figure = m.get_root()
    if isinstance(figure, Figure):
        figure._template = _FIGURE  # lang="en"; branca's own <title> would be unescaped template text
        figure.title = None
    title = s["title"] or s["headline"] + " — rangemap"
    figure.header.add_child(RawHTML(f"<title>{html_text(title)}</title>\n<meta name=\"description\" "
                                    f"content=\"{html_text(_description(s))}\">\n"
                                    '<link rel="icon" href="data:,">'),  # no request for a favicon
                            name="rangemap_title")
    script, css = inlined("describe.js"), inlined("describe.css")
    figure.header.add_child(RawHTML(f"<script>{script}</script><style>{css}</style>"), name="rangemap_describe")
    figure.html.add_child(RawHTML(_noscript(s)), name="rangemap_noscript")
    return s


def zoomable(m) -> None:
    """Let readers zoom the page: folium's viewport (``maximum-scale=1, user-scalable=no``) replaced.
    Call after folium rendered the map's header."""
    figure = m.get_root()
    head = figure.header._children.get(m.get_name()) if isinstance(figure, Figure) else None
    text = getattr(head, "_template_str", None)
    if text and _VIEWPORT.search(text):
        figure.header._children[m.get_name()] = RawHTML(
            _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1">', text))
