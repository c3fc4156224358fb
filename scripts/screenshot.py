"""Screenshot an HTML map in headless Chromium with the network blocked (what an offline reader sees).

    python -m scripts.screenshot out/seed-map.html docs/seed-map.png [--width 1400 --height 900]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from devtools.browser import screenshot

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    screenshot(args.html, args.png, args.width, args.height)
    print(f"wrote {args.png}")
