"""How the browser tests and the maps benchmark launch Debian's Chromium (one list of flags).

Playwright (PyPI) drives ``/usr/bin/chromium`` headless with these flags; the
tests and ``benchmarks/maps.py`` (and Lighthouse, via ``--chrome-flags``) share
them, so a page is measured the way it is tested.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "DESKTOP", "PHONE"]

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (``apt-get install chromium``)."""

CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Launch flags: headless, no sandbox (root in CI), nothing phoning home."""

DESKTOP: dict[str, object] = {"viewport": {"width": 1440, "height": 900}}
"""Playwright context options of the desktop the maps are tested on."""

PHONE: dict[str, object] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
"""Playwright context options of the phone the maps are tested on (390 x 844, touch)."""
