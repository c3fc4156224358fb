"""Screenshot an HTML map in headless Chromium with the network blocked (what an offline reader sees).

    python scripts/screenshot.py out/seed-map.html docs/seed-map.png [--width 1400 --height 900]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900, wait_ms: int = 800) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto(html.resolve().as_uri())
        page.wait_for_timeout(wait_ms)
        page.screenshot(path=str(png))
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    screenshot(args.html, args.png, args.width, args.height)
    print(f"wrote {args.png}")
