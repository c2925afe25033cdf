"""The embedded reference network's ids, which ``replaces``, ``realised_by`` and ``along`` name."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from geo._paths import REFERENCE_NETWORK
from geo.catalogue._types import Project
from geo.errors import CatalogueError

__all__ = ["check_network_refs", "reference_network_ids"]


def reference_network_ids(path: Path | None = None) -> frozenset[str]:
    """Return the feature ids of the embedded reference network (what ``replaces`` names).

    Parameters
    ----------
    path : Path, optional
        Default ``geo/data/reference/existing_network.geojson``.
    """
    path = Path(path) if path is not None else REFERENCE_NETWORK
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return frozenset(str(f["properties"]["id"]) for f in features)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogueError(f"cannot read the reference network's ids ({exc})", file=path) from exc


def check_network_refs(projects: Iterable[Project], directory: Path) -> None:
    """Refuse a ``replaces``, ``realised_by`` or ``along`` id the reference network lacks."""
    wanted = [
        (p, name, ref)
        for p in projects
        for name, refs in (
            ("replaces", (p.replaces,) if p.replaces else ()),
            ("realised_by", p.realised_by),
            ("along", p.along),
        )
        for ref in refs
    ]
    if not wanted:
        return
    known = reference_network_ids()
    for p, name, ref in wanted:
        if ref not in known:
            raise CatalogueError(
                f"{ref!r} is not an id of the reference network "
                "(the embedded geo/data/reference/existing_network.geojson); "
                "use one of its ids or remove it",
                file=directory / p.file,
                record=p.id,
                field=name,
            )
