"""Rebuild rangemap/web/vendor/: the folium plugins' assets from their npm packages, for self-contained maps.

``python -m scripts.vendor_plugins`` (needs ``npm`` and the npm registry; never run at install time).
Each package's files are copied with images referenced by its CSS inlined as data: URIs, and a
VERSION file (package, version, licence) and its licence text are written beside them.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "rangemap" / "web" / "vendor"

#: npm package@version (the versions folium's plugins ask for) -> files to keep (path in the package).
PACKAGES = {
    "leaflet-draw@1.0.2": ["dist/leaflet.draw.js", "dist/leaflet.draw.css"],
    "leaflet-measure@2.1.7": ["dist/leaflet-measure.min.js", "dist/leaflet-measure.css"],
    "leaflet.fullscreen@3.0.0": ["Control.FullScreen.js", "Control.FullScreen.css"],
    "leaflet-minimap@3.6.1": ["dist/Control.MiniMap.min.js", "dist/Control.MiniMap.min.css"],
}
LICENCE_FILES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "MIT-LICENSE.md")


def _inline_images(css: str, folder: Path) -> str:
    def data_uri(match):
        ref = match.group(1).strip("'\"")
        path = folder / ref
        if ref.startswith("data:") or not path.exists():
            return match.group(0)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"url(data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()})"

    return re.sub(r"url\(([^)]+)\)", data_uri, css)


def vendor(spec: str, files: list[str], work: Path) -> None:
    name = spec.rsplit("@", 1)[0]
    tgz = subprocess.run(["npm", "pack", "-q", spec], cwd=work, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(work / tgz) as tar:
        tar.extractall(work / name, filter="data")
    root = work / name / "package"
    meta = json.loads((root / "package.json").read_text())
    out = VENDOR / name
    out.mkdir(parents=True, exist_ok=True)
    for rel in files:
        text = (root / rel).read_text(encoding="utf-8")
        if rel.endswith(".css"):
            text = _inline_images(text, (root / rel).parent)
        (out / Path(rel).name).write_text(text, encoding="utf-8")
    licence = next((root / f for f in LICENCE_FILES if (root / f).exists()), None)
    if licence is not None:
        (out / "LICENSE").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        (out / "LICENSE").write_text(f"{name} {meta['version']} declares the licence {meta.get('license')!r} in its "
                                     f"package.json and ships no licence file; see {meta.get('homepage', '')}\n")
    (out / "VERSION").write_text(f"{name} {meta['version']} (npm), licence {meta.get('license')}, "
                                 f"files: {', '.join(files)}\n")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in PACKAGES.items():
            vendor(spec, files, Path(tmp))
            print(f"vendored {spec}")


if __name__ == "__main__":
    main()
