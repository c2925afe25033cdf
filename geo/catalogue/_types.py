"""The catalogue's record types and the precision and limit constants they use."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ALONG_CORRIDOR",
    "ID_RE",
    "INDICATIVE",
    "MAX_ID_CHARS",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "MAX_QUOTE_CHARS",
    "NETWORK_SECTION",
    "PROGRAMME_EXTENT",
    "UNKNOWN_PROGRESS",
    "Catalogue",
    "KindDef",
    "LayerDef",
    "Place",
    "Project",
    "Vocab",
]

INDICATIVE = "indicative"
"""Precision of geometry that shows where a project is, not its route: no length is reported."""
NETWORK_SECTION = "network_section"
"""Precision of a built project: its own section of the existing-network ``realised_by`` lines."""
ALONG_CORRIDOR = "along_corridor"
"""Precision of a planned line drawn along the existing-network lines whose corridor it follows."""
PROGRAMME_EXTENT = "programme_extent"
"""Precision of an area a programme covers (an administrative unit or a ring of places)."""
UNKNOWN_PROGRESS = "unknown"
MAX_QUOTE_CHARS = 80
"""Quotes must fit a shapefile's 254-byte text field in UTF-8 (3 bytes a character)."""
MAX_ID_CHARS = 64
MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 2000
"""A note is split over shapefile fields of 254 bytes; a record holds at most 255 fields."""


@dataclass(frozen=True)
class KindDef:
    """One kind of feature within a layer."""

    zh: str
    en: str
    colour: str


@dataclass(frozen=True)
class LayerDef:
    """A layer: its single geometry type, chapter, titles and kinds."""

    name: str
    geometry: str
    chapter: str
    zh: str
    en: str
    kinds: Mapping[str, KindDef]
    density: str | Mapping[str, str] | None = None
    """Density class of every kind, or kind -> class (``vocab.toml`` ``density``)."""


@dataclass(frozen=True)
class Vocab:
    """The fixed vocabularies: statuses, precisions and layers (from ``vocab.toml``)."""

    statuses: Mapping[str, Mapping[str, object]]
    precisions: Mapping[str, Mapping[str, object]]
    layers: Mapping[str, LayerDef]
    progress: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """What has happened since the plan (``[progress.*]``: built, under construction, ...)."""
    style_path: Path | None = field(default=None, compare=False)
    """The ``style.toml`` beside the ``vocab.toml`` read, which :func:`geo.style.load_style`
    reads by default; ``None`` when the folder has none (the package's style applies)."""


@dataclass(frozen=True)
class Place:
    """A gazetteer entry; ``lon``/``lat`` are WGS84 whatever the file's datum."""

    id: str
    name_zh: str
    name_en: str
    kind: str
    lon: float
    lat: float
    datum: str
    accuracy_m: float
    source: str


@dataclass(frozen=True)
class Project:
    """One catalogue record (see ``docs/catalogue.md`` for the fields)."""

    id: str
    name_zh: str
    name_en: str
    layer: str
    kind: str
    status: str
    clause: tuple[str, ...]
    quote: str
    precision: str
    file: str
    target_year: int | None = None
    via: tuple[str, ...] = ()
    at: str | None = None
    ring: tuple[str, ...] = ()
    area_km2: float | None = None
    replaces: str | None = None
    note: str = ""
    realised_by: tuple[str, ...] = ()
    along: tuple[str, ...] = ()
    adcode: str | None = None
    progress: str = UNKNOWN_PROGRESS
    progress_year: int | None = None
    progress_source: str | None = None


@dataclass(frozen=True)
class Catalogue:
    """The validated catalogue: vocabularies, gazetteer and projects."""

    vocab: Vocab
    places: Mapping[str, Place]
    projects: tuple[Project, ...] = field(default_factory=tuple)

    def layer_projects(self, layer: str) -> list[Project]:
        """Projects of one layer, in catalogue order."""
        return [p for p in self.projects if p.layer == layer]


ID_RE = re.compile(r"^[a-z0-9_]+$")
"""Ids of places, records and existing-network lines: lowercase ASCII, digits, underscore."""
