"""Make the pictures of docs/maps-and-timelines.md and the README from the Wikinews build.

    python scripts/docs_pictures.py                       # builds ../shared/corpus/wikinews.jsonl
    python scripts/docs_pictures.py --out wikinews-out    # or uses a build made before

Writes, into docs/:

- ``wikinews-graph.png``: the build's graph.png (the event graph of the corpus);
- ``wikinews-timeline.png``: the build's timeline.png;
- ``wikinews-map.png``: graph-map.html in headless Chromium, offline (no network
  namespace needed: the page fetches nothing, and ``tests/test_map.py`` checks
  that in one);
- ``wikinews-map-detail.png``: the same page zoomed on the Middle East, the
  Iran - United States arcs hovered, as a reader would see it. A short script
  added to a copy of the page does the zooming and hovering.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews.jsonl"
DOCS = ROOT / "docs"

# Zoom on the Middle East and the eastern Mediterranean, hover the Iran - United States arcs.
DETAIL = """
<script>
(function () {
  window.geokg.focus(["IRN", "ISR", "TUR", "LBY", "GRC", "SAU"]);
  // Hover the widest Iran - United States arc where it crosses the middle of the view.
  var arcs = Array.from(document.querySelectorAll('path.arc[data-dyad="IRN|USA"]'));
  arcs.sort(function (a, b) {
    return b.getAttribute("data-count") - a.getAttribute("data-count");
  });
  var arc = arcs[0].nextSibling, map = document.getElementById("map").getBoundingClientRect();
  var matrix = arc.getScreenCTM(), length = arc.getTotalLength(), at = null;
  for (var i = 0; i <= 200 && !at; i++) {
    var p = arc.getPointAtLength(length * i / 200).matrixTransform(matrix);
    if (p.x > map.left + map.width * 0.45 && p.x < map.right - 40 && p.y > map.top + 40 &&
        p.y < map.bottom - 40) at = p;
  }
  at = at || {x: map.left + map.width / 2, y: map.top + map.height / 2};
  arc.dispatchEvent(new MouseEvent("mouseenter", {clientX: at.x, clientY: at.y}));
})();
</script>
"""


def _chromium(page: Path, out: Path, profile: Path) -> None:
    exe = shutil.which("chromium")
    if exe is None:
        sys.exit("chromium is not installed (./setup.sh installs it)")
    offline = shutil.which("unshare")
    command = [exe]
    if offline and subprocess.run([offline, "-n", "true"], capture_output=True).returncode == 0:
        command = [offline, "-n", exe]
    subprocess.run(
        [
            *command,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1400,820",
            "--virtual-time-budget=5000",
            f"--user-data-dir={profile}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="a Wikinews build to use instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out
        if out is None:
            if not WIKINEWS.is_file():
                sys.exit(f"{WIKINEWS} is absent; give --out of a Wikinews build")
            from geokg.api import build

            out = Path(tmp) / "wikinews"
            build([str(WIKINEWS)], out_dir=out)
        shutil.copyfile(out / "graph.png", DOCS / "wikinews-graph.png")
        shutil.copyfile(out / "timeline.png", DOCS / "wikinews-timeline.png")
        _chromium(out / "graph-map.html", DOCS / "wikinews-map.png", Path(tmp) / "p1")
        page = (out / "graph-map.html").read_text(encoding="utf-8")
        detail = Path(tmp) / "detail.html"
        detail.write_text(page.replace("</body>", DETAIL + "</body>"), encoding="utf-8")
        _chromium(detail, DOCS / "wikinews-map-detail.png", Path(tmp) / "p2")
    for name in ("graph", "timeline", "map", "map-detail"):
        path = DOCS / f"wikinews-{name}.png"
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
