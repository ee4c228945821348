"""Headless Chromium without a network, for the tests of the offline pages.

``chromium_command()`` is Debian's chromium inside a new network namespace
(``unshare -n``: no interface is up, so nothing can be fetched) where the
kernel allows one; ``open_page`` dumps the DOM after the page's scripts ran
and returns Chromium's log too, where each console message of the page is a
``CONSOLE`` line naming its source.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Belt and braces with the network namespace: no name resolves, no proxy answers.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--window-size=1280,800",
    # Let timers and animation frames run before the DOM is dumped.
    "--virtual-time-budget=5000",
]

# "[pid:tid:time:INFO:CONSOLE:12] "message", source: file:///tmp/x.html (12)"
_CONSOLE = re.compile(r'CONSOLE[^\]]*\] "(?P<message>.*)", source: (?P<source>\S*)')


def chromium_command() -> list[str]:
    """The command that starts Chromium offline; skips (or fails under CI) without it."""
    exe = shutil.which("chromium")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; ./setup.sh installs it (DEBIAN_PACKAGES)")
        pytest.skip("chromium is not installed (./setup.sh installs it)")
    offline = shutil.which("unshare")
    # A new network namespace has no interface up: the network is off for real.
    if offline and subprocess.run([offline, "-n", "true"], capture_output=True).returncode == 0:
        return [offline, "-n", exe]
    return [exe]


@dataclass(frozen=True)
class Opened:
    """What Chromium made of a page: the DOM after its scripts, and its console."""

    dom: str
    log: str

    def console(self, page: Path) -> list[str]:
        """The console messages of ``page`` itself (Chromium's own pages log too)."""
        return [
            m["message"]
            for m in _CONSOLE.finditer(self.log)
            if m["source"].startswith(page.as_uri())
        ]


def open_page(
    command: list[str], page: Path, profile: Path, *, extra: tuple[str, ...] = ()
) -> Opened:
    """Open ``page`` (a file) in a fresh profile and dump its DOM; the log is kept."""
    proc = subprocess.run(
        [
            *command,
            *CHROMIUM_FLAGS,
            *extra,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    # Chromium exits 0 even when the page fails: only the DOM tells.
    return Opened(proc.stdout, proc.stderr)


def screenshot(
    command: list[str], page: Path, profile: Path, out: Path, *, size: str = "1400,820"
) -> None:
    """A PNG of ``page`` as a ``size`` window shows it."""
    subprocess.run(
        [
            *command,
            *[f for f in CHROMIUM_FLAGS if not f.startswith("--window-size")],
            f"--window-size={size}",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
