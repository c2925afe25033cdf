"""Vendored Leaflet assets for the interactive maps, inlined or linked.

The JavaScript, CSS and images under ``geo/static/vendor`` are fetched from the
npm registry by ``tools/vendor_map_assets.py``, which records every file's
SHA-256 in ``geo/static/manifest.json``; this module refuses a file whose hash
differs. :func:`head_html` returns the ``<head>`` markup for a map: with
``offline=True`` every script and stylesheet is inlined (images referenced by
the CSS become ``data:`` URIs), so the page makes no request at all; with
``offline=False`` the same pinned files are linked from the jsDelivr CDN with
Subresource-Integrity hashes. The project's own script and stylesheet
(``geo/static/app``) are always inlined.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from geo.errors import InputFileError

__all__ = ["APP_FILES", "ASSETS", "Asset", "asset_text", "head_html", "manifest", "script_safe"]

logger = logging.getLogger(__name__)

CDN = "https://cdn.jsdelivr.net/npm"
"""Where ``offline=False`` links the vendored packages from (same versions, SRI-checked)."""


@dataclass(frozen=True)
class Asset:
    """One vendored file: npm package, path inside the package, and kind (``js``/``css``)."""

    package: str
    path: str
    kind: str


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet", "dist/leaflet.css", "css"),
    Asset("leaflet.fullscreen", "Control.FullScreen.css", "css"),
    Asset("leaflet-minimap", "dist/Control.MiniMap.min.css", "css"),
    Asset("leaflet", "dist/leaflet.js", "js"),
    Asset("leaflet.fullscreen", "Control.FullScreen.js", "js"),
    Asset("leaflet-minimap", "dist/Control.MiniMap.min.js", "js"),
)
"""Every vendored file a map needs, in load order (stylesheets, then Leaflet, then plugins)."""

APP_FILES: tuple[tuple[str, str], ...] = (
    ("app/hefei-map.css", "css"),
    ("app/hefei-map.js", "js"),
    ("app/hefei-map-style.js", "js"),
    ("app/hefei-map-popups.js", "js"),
    ("app/hefei-map-layers.js", "js"),
    ("app/hefei-map-panels.js", "js"),
    ("app/hefei-map-layers-panel.js", "js"),
    ("app/hefei-map-legend.js", "js"),
    ("app/hefei-map-notices.js", "js"),
    ("app/hefei-map-tools.js", "js"),
    ("app/hefei-map-layout.js", "js"),
    ("app/hefei-map-search.js", "js"),
    ("app/hefei-map-permalink.js", "js"),
    ("app/hefei-map-time.js", "js"),
    ("app/hefei-map-density.js", "js"),
)
"""The project's own stylesheet and scripts (path under ``geo/static``, kind), in load
order: the core first (it makes the
``HefeiMap`` namespace), then each file after the ones whose functions it takes at load
time; the modules pushed onto ``HefeiMap.modules`` (layout, search, time, density) run in
this order when the page builds."""
_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _static() -> Traversable:
    return resources.files("geo").joinpath("static")


@cache
def manifest() -> dict[str, dict[str, Any]]:
    """Return the vendored packages from ``geo/static/manifest.json``, keyed by package name.

    Raises
    ------
    InputFileError
        If the manifest is missing or malformed.
    """
    try:
        doc = json.loads(_static().joinpath("manifest.json").read_text(encoding="utf-8"))
        return {entry["name"]: entry for entry in doc["packages"]}
    except (FileNotFoundError, KeyError, TypeError, ValueError) as exc:
        raise InputFileError(
            f"geo/static/manifest.json is missing or malformed ({exc}); "
            "run `python tools/vendor_map_assets.py`"
        ) from exc


@cache
def _vendored_bytes(package: str, path: str) -> bytes:
    entry = manifest().get(package)
    if entry is None or path not in entry["files"]:
        raise InputFileError(
            f"{package}/{path} is not in geo/static/manifest.json; "
            "add it to tools/vendor_map_assets.py and re-run it"
        )
    try:
        data = _static().joinpath("vendor", package, path).read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError(
            f"geo/static/vendor/{package}/{path} is missing; "
            "run `python tools/vendor_map_assets.py`"
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["files"][path]:
        raise InputFileError(
            f"geo/static/vendor/{package}/{path}: sha256 {digest} does not match the manifest "
            f"({entry['files'][path]}); restore it with `python tools/vendor_map_assets.py`"
        )
    return data


def asset_text(package: str, path: str) -> str:
    """Return a vendored text file after checking its SHA-256 against the manifest.

    Parameters
    ----------
    package : str
        npm package name, e.g. ``"leaflet"``.
    path : str
        Path inside the package, e.g. ``"dist/leaflet.js"``.

    Returns
    -------
    str

    Raises
    ------
    InputFileError
        If the file is missing, unlisted or altered.
    """
    return _vendored_bytes(package, path).decode("utf-8")


@cache
def _app_text(path: str) -> str:
    try:
        return _static().joinpath(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputFileError(f"geo/static/{path} is missing; reinstall the package") from exc


def _data_uri(package: str, base: str, ref: str) -> str:
    parts = [p for p in f"{base}/{ref}".split("/") if p and p != "."]
    resolved: list[str] = []
    for part in parts:
        if part == "..":
            if resolved:
                resolved.pop()
        else:
            resolved.append(part)
    path = "/".join(resolved)
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".svg"):
        mime = "image/svg+xml"
    data = base64.b64encode(_vendored_bytes(package, path)).decode("ascii")
    return f"data:{mime};base64,{data}"


def _inline_css(asset: Asset) -> str:
    """Return the stylesheet with every relative ``url(...)`` replaced by a ``data:`` URI."""
    css = asset_text(asset.package, asset.path)
    base = asset.path.rsplit("/", 1)[0] if "/" in asset.path else ""

    def _sub(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:", "//")):
            return match.group(0)
        return f'url("{_data_uri(asset.package, base, ref)}")'

    return _URL_RE.sub(_sub, css)


def script_safe(text: str, tag: str = "script") -> str:
    """Make ``text`` safe inside ``<script>`` / ``<style>``: no closing tag can occur in it.

    Parameters
    ----------
    text : str
        JavaScript or CSS source.
    tag : {"script", "style"}
        The element the text goes into.

    Returns
    -------
    str
    """
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def _sri(package: str, path: str) -> str:
    digest = hashlib.sha256(_vendored_bytes(package, path)).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def head_html(offline: bool = True) -> str:
    """Return the ``<head>`` markup loading Leaflet, the plugins and the maps' own code.

    Parameters
    ----------
    offline : bool, default True
        Inline everything (no request leaves the page) or link the vendored
        packages from the CDN with SRI hashes.

    Returns
    -------
    str
        ``<style>``/``<script>`` (or ``<link>``/``<script src>``) elements.
    """
    out: list[str] = []
    for asset in ASSETS:
        if offline:
            if asset.kind == "css":
                out.append(f"<style>\n{script_safe(_inline_css(asset), 'style')}\n</style>")
            else:
                out.append(
                    f"<script>\n{script_safe(asset_text(asset.package, asset.path))}\n</script>"
                )
            continue
        version = manifest()[asset.package]["version"]
        url = f"{CDN}/{asset.package}@{version}/{asset.path}"
        sri = _sri(asset.package, asset.path)
        if asset.kind == "css":
            out.append(
                f'<link rel="stylesheet" href="{url}" integrity="{sri}" crossorigin="anonymous"/>'
            )
        else:
            out.append(f'<script src="{url}" integrity="{sri}" crossorigin="anonymous"></script>')
    for path, kind in APP_FILES:
        tag = "style" if kind == "css" else "script"
        out.append(f"<{tag}>\n{script_safe(_app_text(path), tag)}\n</{tag}>")
    logger.debug("map head: %d assets, offline=%s", len(out), offline)
    return "\n".join(out)
