"""How fast does the page load? Lighthouse on the seed map and a Hwasong-15 map, before and after.

    python -m benchmarks.page [runs]      # writes docs/page-speed.md; needs Node 20 and npm (npx)

"Before" is the same map drawn by the renderer of :data:`BASELINE` (the commit before the page was made
fast, issue 20): its ``rangemap/`` is taken out with ``git archive`` into a temporary folder and run with
the same data and Python; "after" is this tree. Both pages are served gzipped (level 6, as web servers
do) from 127.0.0.1 by a small server in this process, and Lighthouse :data:`LIGHTHOUSE` (fetched by npx
at benchmark time, never at install; Chromium at /usr/bin/chromium) measures each, desktop and mobile
presets, ``runs`` times each, interleaved (before, after, before, after …). Figures are medians over runs:
performance score, total blocking time, the longest main-thread task while loading, largest contentful
paint, bytes gzipped and DOM elements. Lighthouse's mobile preset simulates a slow phone (4× CPU
slowdown, 1.6 Mbit/s); its desktop preset a fast link and no CPU slowdown.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.common import DOCS, ROOT, machine, replace_between_markers

BASELINE = "806b82f"  # main before issue 20's page-speed work
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME = "/usr/bin/chromium"
OUT = DOCS / "page-speed.md"
MAPS = {  # name -> rangemap command-line arguments (output path appended)
    "seed map": ["demo", "-o"],
    "Hwasong-15 from Pyongyang": ["render", "--system", "hwasong-15", "--site", "pyongyang", "--cities", "-o"],
}


def build(tree: Path, args: list[str], out: Path) -> None:
    """The map of ``args`` drawn by the ``rangemap`` package under ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    subprocess.run([sys.executable, "-m", "rangemap", *args, str(out)], check=True, env=env, cwd=tree,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def baseline_tree(where: Path) -> Path:
    """``rangemap/`` of :data:`BASELINE`, unpacked under ``where`` (data files come from this install)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE, "rangemap"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, int]:
    """Serve ``pages`` (path -> HTML) gzipped from 127.0.0.1 on a free port."""
    bodies = {path: gzip.compress(html, 6) for path, html in pages.items()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = bodies.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def lighthouse(url: str, preset: str, out: Path) -> dict:
    """One Lighthouse run (performance only) of ``url``; the figures this benchmark reports."""
    argv = ["npx", "-y", LIGHTHOUSE, url, "--quiet", "--only-categories=performance", "--output=json",
            f"--output-path={out}", "--chrome-flags=--headless --no-sandbox --disable-gpu"]
    if preset == "desktop":
        argv.append("--preset=desktop")
    subprocess.run(argv, check=True, env=dict(os.environ, CHROME_PATH=CHROME), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    tasks = (audits.get("long-tasks", {}).get("details") or {}).get("items") or []
    def value(name: str) -> float:  # NaN where Lighthouse could not measure it (its page never settled)
        return float(audits.get(name, {}).get("numericValue", float("nan")))

    tbt = value("total-blocking-time")
    return {"score": round(100 * (report["categories"]["performance"]["score"] or 0)), "tbt_ms": tbt,
            "longest_task_ms": max((t["duration"] for t in tasks), default=0.0 if tbt == tbt else float("nan")),
            "lcp_ms": value("largest-contentful-paint"), "fcp_ms": value("first-contentful-paint"),
            "dom": value("dom-size"), "bytes": value("total-byte-weight")}


def dom_size(html: Path) -> int:
    """Elements in the page once it has drawn (headless Chromium, 3 s after load)."""
    from playwright.sync_api import sync_playwright

    from devtools.browser import launch, offline_route

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.route("**/*", offline_route)
        page.goto(html.resolve().as_uri())
        page.wait_for_timeout(3000)
        n = page.evaluate("() => document.getElementsByTagName('*').length")
        browser.close()
    return int(n)


def run(runs: int = 3) -> dict:
    if not shutil.which("npx"):
        raise SystemExit("benchmarks.page needs npx (Node 20 and npm): apt-get install nodejs npm")
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "before").mkdir()
        trees = {"before": baseline_tree(tmp_path / "before"), "after": ROOT}
        pages, files = {}, {}
        for i, (name, args) in enumerate(MAPS.items()):
            for which, tree in trees.items():
                html = tmp_path / f"{which}-{i}.html"
                build(tree, args, html)
                pages[f"/{which}-{i}.html"] = html.read_bytes()
                files[(name, which)] = html
        server, port = serve(pages)
        try:
            for i, name in enumerate(MAPS):
                for which in trees:
                    raw = pages[f"/{which}-{i}.html"]
                    results[(name, which)] = {"raw": len(raw), "gz": len(gzip.compress(raw, 6)),
                                              "parts": bytes_by_part(raw) if which == "after" else {},
                                              "elements": dom_size(files[(name, which)]), "desktop": [],
                                              "mobile": []}
                for run_i in range(runs):
                    for which in trees:  # interleaved, so load on the machine falls on both alike
                        for preset in ("desktop", "mobile"):
                            figures = lighthouse(f"http://127.0.0.1:{port}/{which}-{i}.html", preset,
                                                 tmp_path / f"lh-{which}-{i}-{preset}-{run_i}.json")
                            results[(name, which)][preset].append(figures)
                            print(name, which, preset, json.dumps(figures), flush=True)
        finally:
            server.shutdown()
    return results


def bytes_by_part(html: bytes) -> dict[str, float]:
    """What parts of a page cost (KB gzipped): the page gzipped with that part, less without it."""
    import re

    text = html.decode("utf-8")
    at = re.search(r'<script type="application/json" id="rangemap-state[^>]*>(.*?)</script>', text, re.S)

    def kb(page: str) -> float:
        return len(gzip.compress(page.encode("utf-8"), 6)) / 1000

    def without(change) -> float:
        state = json.loads(at.group(1))
        change(state)
        packed = json.dumps(state, separators=(",", ":"), ensure_ascii=False)
        return kb(text) - kb(text[:at.start(1)] + packed + text[at.end(1):])

    def only_drawn(state):  # the app's table cut to its named (drawn) rows, its first run
        state["app"]["cities"]["runs"] = state["app"]["cities"]["runs"][:1]

    scripts = [body for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S) if "json" not in attrs]
    parts = {"page": kb(text), "borders": without(lambda s: s.update(borders=None)),
             "Python's reach shapes": without(lambda s: s.update(systems=[])),
             "Leaflet": sum(kb(b) for b in scripts if "Leaflet 1.9.3" in b),
             "rangemap's scripts": sum(kb(b) for b in scripts if "rangemap/web/" in b)}
    if '"app":{' in at.group(1):
        parts["the app's places"] = without(lambda s: s["app"].update(cities=None))
        parts["of them, places only counted (1,000-15,000 people, not drawn)"] = without(only_drawn)
    return parts


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def ms(rows: list[dict], key: str, scale: float = 1.0, unit: str = "ms", digits: int = 0) -> str:
    """A median as text, or "not measured" where Lighthouse could not take it (NaN)."""
    value = median(rows, key)
    return "not measured" if value != value else f"{value / scale:,.{digits}f} {unit}"


def report(results: dict, runs: int) -> str:
    lines = [
        "# Page speed: Lighthouse before and after (issue 20, item 6)",
        "",
        "| map | page | gzipped | DOM elements | desktop score | desktop TBT | desktop longest task | desktop LCP "
        "| mobile score | mobile TBT | mobile longest task | mobile LCP |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, which), r in results.items():
        d, m = r["desktop"], r["mobile"]
        lines.append(
            f"| {name} | {which} | {r['gz'] / 1000:,.0f} KB | {r['elements']:,} | **{median(d, 'score'):.0f}** "
            f"| {ms(d, 'tbt_ms')} | {ms(d, 'longest_task_ms')} | {ms(d, 'lcp_ms', 1000, 's', 1)} "
            f"| **{median(m, 'score'):.0f}** | {ms(m, 'tbt_ms')} | {ms(m, 'longest_task_ms')} "
            f"| {ms(m, 'lcp_ms', 1000, 's', 1)} |")
    load = os.getloadavg()[0]
    lines += [
        "",
        f"- \"before\" is the renderer of commit `{BASELINE}` (main before this work) drawing the same map from the "
        "same data; \"after\" is this tree. Both served gzipped (level 6) from 127.0.0.1.",
        f"- Lighthouse {LIGHTHOUSE.split('@')[1]} (npx, at benchmark time), performance category only, its desktop "
        "and mobile presets (mobile: simulated 4× CPU slowdown and 1.6 Mbit/s); medians of "
        f"{runs} interleaved runs. Longest task: Lighthouse's `long-tasks` audit (simulated on mobile). DOM elements: "
        "counted in headless Chromium 3 s after load, at 1280×860. \"not measured\" with a score of 0: Lighthouse "
        "could not finish measuring the page (it did not settle within Lighthouse's limits).",
        f"- Measured on {machine()}, load average {load:.1f} at the end of the run, by `python -m benchmarks.page`.",
    ]
    for (name, which), r in results.items():
        if which == "after" and r.get("parts"):
            lines.append(f"- Where the bytes are, {name} (KB gzipped: the page with the part, less without it): "
                         + "; ".join(f"{part} {size:,.0f}" for part, size in r["parts"].items()) + ".")
    lines += [""]
    return "\n".join(lines)


def readme_line(results: dict) -> str:
    seed = {w: results[("seed map", w)] for w in ("before", "after")}
    b, a = seed["before"], seed["after"]
    return (f"Page speed on the seed map (Lighthouse {LIGHTHOUSE.split('@')[1]}, served gzipped from 127.0.0.1, "
            f"[`docs/page-speed.md`](docs/page-speed.md), `python -m benchmarks.page`): performance "
            f"**{median(a['desktop'], 'score'):.0f}** desktop / **{median(a['mobile'], 'score'):.0f}** mobile "
            f"(before: {median(b['desktop'], 'score'):.0f} / {median(b['mobile'], 'score'):.0f}), total blocking "
            f"time {median(a['desktop'], 'tbt_ms'):,.0f} ms desktop (before {median(b['desktop'], 'tbt_ms'):,.0f} "
            f"ms), {a['gz'] / 1000:,.0f} KB gzipped (before {b['gz'] / 1000:,.0f} KB), {a['elements']:,} DOM "
            f"elements (before {b['elements']:,}).")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    results = run(runs)
    text = report(results, runs)
    OUT.write_text(text, encoding="utf-8")
    replace_between_markers(ROOT / "README.md", "page-speed", readme_line(results))
    print(text)


if __name__ == "__main__":
    main()
