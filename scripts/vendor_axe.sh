#!/bin/sh
# Re-fetch axe-core, the accessibility checker tests/test_a11y.py injects into the page (tests only: it is
# never shipped in the package or inlined into a map). From the npm registry, at development time only.
# Run from anywhere: sh scripts/vendor_axe.sh ; then run tests/test_a11y.py.
set -eu
AXE_VERSION=4.14.1

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar xzf ./*.tgz)
dest="$root/tests/vendor/axe-core"
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$dest/axe.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
printf '%s\n' "$AXE_VERSION" > "$dest/VERSION"
sha=$(sha256sum "$dest/axe.min.js" | cut -d' ' -f1)
cat > "$dest/README.md" <<NOTE
# axe-core (tests only)

| file | package | version | licence | sha256 |
|---|---|---|---|---|
| axe.min.js | [axe-core](https://www.npmjs.com/package/axe-core) by Deque Systems | $AXE_VERSION | MPL-2.0 (LICENSE) | $sha |

The browser bundle from the npm tarball, unchanged. \`tests/test_a11y.py\` injects it into rendered maps in
headless Chromium and fails on any violation. It is not part of the rangemap package and never reaches a map.
Rebuild with \`sh scripts/vendor_axe.sh\` (npm at development time only).
NOTE
echo "vendored axe-core $AXE_VERSION"
