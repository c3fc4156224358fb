"""Development tools shared by the tests, benchmarks and scripts (not shipped with the package):
:mod:`devtools.browser` (headless Chromium, offline pages, screenshots) and :mod:`devtools.oracle`
(independent checks with the pure-Python GeographicLib). Run from the repository root."""
