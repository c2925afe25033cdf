"""Re-fetch the map's vendored JavaScript/CSS/icons from the npm registry.

Every package is pinned by version *and* by the SHA-256 of its npm tarball;
``npm pack NAME@VERSION`` fetches the tarball through the ordinary npm client,
the tarball's hash is checked against the pin, and only the files the maps use
(plus the package's licence) are extracted into ``geo/static/vendor/NAME/``,
keeping the package's own layout so that relative ``url(...)`` references in
its CSS still resolve. ``geo/static/manifest.json`` (read by
``geo/maps/_assets.py``, which re-checks every file's SHA-256 on load) and
``geo/static/README.md`` are rewritten.

Usage::

    python tools/vendor_map_assets.py            # fetch, verify, extract
    python tools/vendor_map_assets.py --check    # verify the files on disk only (no network)
    python tools/vendor_map_assets.py --readme   # rewrite README.md from manifest.json

To bump a version: change it below, run with ``--print-hashes`` to see the new
tarball's SHA-256, review the upstream changes, then update the pin.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geo.maps._assets import APP_FILES

logger = logging.getLogger("vendor_map_assets")

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "geo" / "static"
VENDOR = STATIC / "vendor"
MANIFEST = STATIC / "manifest.json"
README = STATIC / "README.md"


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the files taken from it."""

    name: str
    version: str
    licence: str
    tarball_sha256: str
    files: tuple[str, ...]
    licence_file: str
    homepage: str


PACKAGES: tuple[Package, ...] = (
    Package(
        name="leaflet",
        version="1.9.4",
        licence="BSD-2-Clause",
        tarball_sha256="84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77",
        files=(
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
        ),
        licence_file="LICENSE",
        homepage="https://leafletjs.com",
    ),
    Package(
        name="leaflet.control.layers.tree",
        version="1.2.0",
        licence="BSD-3-Clause",
        tarball_sha256="4ac9202d3d28e46404d2698493fff747d404169df9a1f827192cf029668f760a",
        files=("L.Control.Layers.Tree.js", "L.Control.Layers.Tree.css"),
        licence_file="LICENSE",
        homepage="https://github.com/jjimenezshaw/Leaflet.Control.Layers.Tree",
    ),
    Package(
        name="leaflet.fullscreen",
        version="3.0.2",
        licence="MIT",
        tarball_sha256="1067196073eba159d06973ceeede9bc3cb289bd213dc2434d3539d20084c2a04",
        files=("Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg"),
        licence_file="LICENSE",
        homepage="https://github.com/brunob/leaflet.fullscreen",
    ),
    Package(
        name="leaflet-minimap",
        version="3.6.1",
        licence="BSD-2-Clause",
        tarball_sha256="cd6f560dbea1c2936dbdafa645890d9673a4d5981af30020c1c399dc4634e928",
        files=(
            "dist/Control.MiniMap.min.js",
            "dist/Control.MiniMap.min.css",
            "dist/images/toggle.svg",
            "dist/images/toggle.png",
        ),
        licence_file="LICENSE.txt",
        homepage="https://github.com/Norkart/Leaflet-MiniMap",
    ),
)

_SUMMARY = re.compile(r"Hefei (?:YRD-integration )?plan maps: (.+?) \(MIT licence\)", re.DOTALL)


def own_files() -> list[tuple[str, str]]:
    """Return the project's own files under ``geo/static/app`` with their summaries.

    In load order (``geo.maps._assets.APP_FILES``); each summary is the one its header
    comment gives (``Hefei plan maps: <summary> (MIT licence)``).
    """
    out = []
    for rel, _ in APP_FILES:
        found = _SUMMARY.search((STATIC / rel).read_text(encoding="utf-8")[:400])
        if found is None:
            raise SystemExit(
                f"{STATIC / rel}: the header lacks 'Hefei plan maps: <summary> (MIT licence)'"
            )
        out.append((rel, " ".join(found.group(1).replace("*", " ").split())))
    return out


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def npm_pack(pkg: Package, dest: Path) -> Path:
    """Fetch ``pkg``'s tarball with ``npm pack`` into ``dest`` and return its path."""
    spec = f"{pkg.name}@{pkg.version}"
    logger.info("npm pack %s", spec)
    proc = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if proc.returncode != 0:
        raise SystemExit(f"npm pack {spec} failed ({proc.returncode}): {proc.stderr.strip()}")
    info = json.loads(proc.stdout)[0]
    return dest / info["filename"]


def extract(pkg: Package, tarball: Path) -> dict[str, str]:
    """Verify ``tarball`` against the pin and extract the package's files; return their hashes."""
    digest = sha256(tarball.read_bytes())
    if digest != pkg.tarball_sha256:
        raise SystemExit(
            f"{pkg.name}@{pkg.version}: tarball sha256 {digest} does not match the pinned "
            f"{pkg.tarball_sha256}; refusing to vendor it"
        )
    out_dir = VENDOR / pkg.name
    if out_dir.exists():
        shutil.rmtree(out_dir)
    hashes: dict[str, str] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for rel in (*pkg.files, pkg.licence_file):
            member = tar.getmember(f"package/{rel}")
            fh = tar.extractfile(member)
            if fh is None:
                raise SystemExit(f"{pkg.name}: {rel} is not a regular file in the tarball")
            data = fh.read()
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            hashes[rel] = sha256(data)
    return hashes


def write_manifest(hashes: dict[str, dict[str, str]]) -> None:
    """Write ``manifest.json`` and ``README.md``."""
    doc = {
        "comment": "Written by tools/vendor_map_assets.py; geo/maps/_assets.py checks every hash.",
        "packages": [
            {
                "name": p.name,
                "version": p.version,
                "licence": p.licence,
                "licence_file": p.licence_file,
                "homepage": p.homepage,
                "tarball_sha256": p.tarball_sha256,
                "files": hashes[p.name],
            }
            for p in PACKAGES
        ],
    }
    MANIFEST.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    README.write_text(readme_text(hashes), encoding="utf-8")


def readme_text(hashes: dict[str, dict[str, str]]) -> str:
    """Return the text of ``README.md``: the packages, their files' hashes, the own files."""
    lines = [
        "# Vendored map assets",
        "",
        "The interactive maps (`geo/maps/`) inline these files into each HTML page so that",
        "a map works with no network at all. They are fetched from the npm registry with",
        "`python tools/vendor_map_assets.py` (pinned versions, tarball SHA-256 checked) and",
        "must not be edited by hand; `geo/maps/_assets.py` refuses a file whose SHA-256 differs",
        "from `manifest.json`.",
        "",
        "| package | version | licence | npm tarball sha256 |",
        "| --- | --- | --- | --- |",
    ]
    for p in PACKAGES:
        lines.append(
            f"| [{p.name}]({p.homepage}) | {p.version} | {p.licence} (`vendor/{p.name}/"
            f"{p.licence_file}`) | `{p.tarball_sha256}` |"
        )
    lines += ["", "## Files", "", "| file | sha256 |", "| --- | --- |"]
    for p in PACKAGES:
        for rel, digest in hashes[p.name].items():
            lines.append(f"| `vendor/{p.name}/{rel}` | `{digest}` |")
    lines += [
        "",
        "## The project's own files",
        "",
        "Not vendored: written for this project (MIT, like the rest of it). The point",
        "symbols are inline SVG drawn for the project (`geo/maps/_symbols.py`); no icon font",
        "is used.",
        "",
    ]
    lines += [f"- `{rel}`: {what}" for rel, what in own_files()]
    return "\n".join(lines) + "\n"


def check() -> int:
    """Verify the vendored files on disk against ``manifest.json``; return an exit code."""
    doc = json.loads(MANIFEST.read_text(encoding="utf-8"))
    pinned = {p.name: p for p in PACKAGES}
    bad = 0
    for entry in doc["packages"]:
        pkg = pinned.get(entry["name"])
        if pkg is None or pkg.version != entry["version"]:
            logger.error(
                "%s@%s in the manifest is not pinned here", entry["name"], entry["version"]
            )
            bad += 1
        for rel, digest in entry["files"].items():
            path = VENDOR / entry["name"] / rel
            if not path.is_file() or sha256(path.read_bytes()) != digest:
                logger.error("%s: missing or sha256 mismatch", path)
                bad += 1
    hashes = {entry["name"]: entry["files"] for entry in doc["packages"]}
    if README.read_text(encoding="utf-8") != readme_text(hashes):
        logger.error("%s is out of date: run python tools/vendor_map_assets.py --readme", README)
        bad += 1
    if bad:
        return 1
    logger.info("all vendored files match manifest.json; README.md is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify files on disk only")
    parser.add_argument(
        "--readme", action="store_true", help="rewrite README.md from manifest.json (no network)"
    )
    parser.add_argument(
        "--print-hashes", action="store_true", help="print fetched tarballs' sha256, change nothing"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        return check()
    if args.readme:
        doc = json.loads(MANIFEST.read_text(encoding="utf-8"))
        README.write_text(
            readme_text({entry["name"]: entry["files"] for entry in doc["packages"]}),
            encoding="utf-8",
        )
        return 0
    hashes: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            tarball = npm_pack(pkg, Path(tmp))
            if args.print_hashes:
                logger.info("%s@%s %s", pkg.name, pkg.version, sha256(tarball.read_bytes()))
                continue
            hashes[pkg.name] = extract(pkg, tarball)
    if not args.print_hashes:
        write_manifest(hashes)
        logger.info("vendored %d packages into %s", len(PACKAGES), VENDOR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
