"""Screenshots of the seed map where it is shown (issue 20): a phone (390×844, touch) and an article that
embeds it in a 500 px frame, in dark mode.

    python -m scripts.layout_screenshots [docs]     # writes docs/page-phone.png, docs/page-embed-dark.png

Headless Chromium with the network blocked.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import rangemap as rm
from devtools.browser import launch, offline_route

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title>
<style>body { margin: 0 auto; max-width: 860px; padding: 16px; font: 17px/1.5 Georgia, serif; background: #111;
color: #ddd; } h1 { font-size: 26px; margin: 4px 0 8px; } .cap { font: 13px sans-serif; color: #aaa; }</style></head>
<body><h1>How far North Korean missiles reach from Russia</h1>
<p>Rangemap draws the reach of each system from the launch points reported, exactly on the WGS84 ellipsoid.
The map below is embedded in a frame; scrolling over it scrolls this page.</p>
<iframe class="rangemap-embed" src="seed.html" title="Reach map" style="width: 100%; height: 500px; border: 0"></iframe>
<p class="cap">Hold Ctrl and scroll, or click the map, to zoom it.</p></body></html>"""


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        html = Path(tmp) / "seed.html"
        rm.seed_map().save(str(html))
        (Path(tmp) / "article.html").write_text(ARTICLE, encoding="utf-8")
        browser = launch(p)
        shots = [("page-phone.png", html, {"viewport": {"width": 390, "height": 844}, "has_touch": True,
                                           "is_mobile": True}),
                 ("page-embed-dark.png", Path(tmp) / "article.html",
                  {"viewport": {"width": 900, "height": 700}, "color_scheme": "dark"})]
        for name, page_html, options in shots:
            context = browser.new_context(**options)
            page = context.new_page()
            page.route("**/*", offline_route)
            page.goto(page_html.as_uri())
            page.wait_for_timeout(1500)
            page.screenshot(path=str(out / name))
            context.close()
        browser.close()
    print(f"wrote {out}/page-phone.png, {out}/page-embed-dark.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs"))
