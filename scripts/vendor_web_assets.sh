#!/bin/sh
# Re-fetch the JavaScript assets rangemap vendors, from the npm registry (development time only;
# nothing is fetched at install time). Run from anywhere: sh scripts/vendor_web_assets.sh
#   rangemap/web/vendor/      geographiclib-geodesic (MIT): shipped with the package, used by reach.js
#   benchmarks/vendor/        leaflet.geodesic (GPL-3.0): benchmark baseline only, git-ignored, never shipped
# Versions are pinned here; change them, run this, then run tests/test_web_reach.py.
set -eu
GEODESIC_VERSION=2.2.0
LEAFLET_GEODESIC_VERSION=2.7.2

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {  # fetch NAME VERSION -> unpacks the npm tarball into $tmp/NAME/package
    mkdir -p "$tmp/$1"
    (cd "$tmp/$1" && npm pack --silent "$1@$2" >/dev/null && tar xzf ./*.tgz)
}

fetch geographiclib-geodesic "$GEODESIC_VERSION"
dest="$root/rangemap/web/vendor"
mkdir -p "$dest"
src="$tmp/geographiclib-geodesic/package"
cp "$src/geographiclib-geodesic.min.js" "$dest/geographiclib-geodesic.min.js"
cp "$src/LICENSE.txt" "$dest/geographiclib-geodesic.LICENSE.txt"
sha=$(sha256sum "$dest/geographiclib-geodesic.min.js" | cut -d' ' -f1)
cat > "$dest/README.md" <<NOTE
# Vendored JavaScript

| file | package | version | licence | sha256 |
|---|---|---|---|---|
| geographiclib-geodesic.min.js | [geographiclib-geodesic](https://www.npmjs.com/package/geographiclib-geodesic) by Charles Karney | $GEODESIC_VERSION | MIT (geographiclib-geodesic.LICENSE.txt) | $sha |

The browser bundle from the npm tarball, unchanged. Loaded as a classic script it defines
\`window.geodesic\`, which \`../reach.js\` uses. Rebuild with \`sh scripts/vendor_web_assets.sh\`
(needs npm at development time only).
NOTE
printf '%s\n' "$GEODESIC_VERSION" > "$dest/geographiclib-geodesic.VERSION"

fetch leaflet.geodesic "$LEAFLET_GEODESIC_VERSION"
bench="$root/benchmarks/vendor"
mkdir -p "$bench"
src="$tmp/leaflet.geodesic/package"
cp "$src/dist/leaflet.geodesic.umd.min.js" "$bench/leaflet.geodesic.umd.min.js"
cp "$src/LICENSE" "$bench/leaflet.geodesic.LICENSE"
sha=$(sha256sum "$bench/leaflet.geodesic.umd.min.js" | cut -d' ' -f1)
cat > "$bench/README.md" <<NOTE
# Benchmark-only JavaScript (not part of the rangemap package)

| file | package | version | licence | sha256 |
|---|---|---|---|---|
| leaflet.geodesic.umd.min.js | [leaflet.geodesic](https://www.npmjs.com/package/leaflet.geodesic) by Henry Thasler | $LEAFLET_GEODESIC_VERSION | GPL-3.0 (leaflet.geodesic.LICENSE) | $sha |

The UMD bundle from the npm tarball, unchanged, used only by \`benchmarks/web_speed.py\` as the
baseline \`L.GeodesicCircle\`. It is GPL-3.0, so it stays out of the MIT repository and package: this folder is
git-ignored and fetched when the benchmark first runs. Rebuild with \`sh scripts/vendor_web_assets.sh\`.
NOTE
echo "vendored geographiclib-geodesic $GEODESIC_VERSION and leaflet.geodesic $LEAFLET_GEODESIC_VERSION"
