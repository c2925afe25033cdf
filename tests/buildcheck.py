"""Checks shared by the build tests: the published outputs are one set, nothing left behind."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from geo._publish import read_manifest

ROOT = Path(__file__).resolve().parent.parent


def published(root: Path) -> dict[str, str]:
    """sha256 of every file a reader sees under ``root/data`` and ``root/maps``."""
    out = {}
    for part in ("data", "maps"):
        top = root / part
        for dirpath, _dirs, names in os.walk(top, followlinks=True):
            for name in names:
                path = Path(dirpath) / name
                rel = f"{part}/{path.relative_to(top).as_posix()}"
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def assert_one_set(root: Path) -> dict[str, str]:
    """The files under data/ and maps/ are exactly the manifest of the published version."""
    store = root / ".infra-map-data"
    seen = published(root)
    if not (store / "current").exists():
        assert seen == {}, f"files published without a version: {sorted(seen)[:5]}"
        return seen
    manifest = read_manifest(Path(os.path.realpath(store / "current")))
    assert seen == manifest, (
        f"mixed or incomplete set: {sorted(set(seen) ^ set(manifest))[:5]} differ in names, "
        f"{sorted(k for k in seen if k in manifest and seen[k] != manifest[k])[:5]} in content"
    )
    return seen


def assert_nothing_left(root: Path) -> None:
    """No staging folder, temporary link or temporary file anywhere under ``root``."""
    store = root / ".infra-map-data"
    leftovers = [
        p
        for p in root.rglob("*")
        if p.name.startswith(("staging-", ".link-", ".data.link", ".maps.link")) or ".tmp" in p.name
    ]
    assert leftovers == [], f"left behind: {leftovers[:5]}"
    if store.exists():
        versions = sorted(p.name for p in store.iterdir() if p.name.startswith("v-"))
        assert len(versions) <= 2, f"old versions not removed: {versions}"


def build_command(catalogue: Path, out: Path, *extra: str) -> list[str]:
    """A subprocess running ``infra-map build`` on ``catalogue`` into ``out``."""
    return [
        sys.executable,
        "-m",
        "geo",
        "build",
        "-q",
        "--catalogue",
        str(catalogue),
        "--gazetteer",
        str(catalogue / "gazetteer.csv"),
        "--data-dir",
        str(out / "data"),
        "--maps-dir",
        str(out / "maps"),
        *extra,
    ]
