"""The schema of ``vocab.toml``, checked when it is loaded.

Every entry is checked for its keys, their types (a boolean must be a TOML
boolean, a text a TOML string: ``schematic = "false"`` and ``zh = 7`` are
refused) and their allowed values; titles must be unique and layer and kind
names safe identifiers (they become GeoPackage tables, shapefile names and
QGIS ids). The density keys (``density_tier``, ``density_widening``,
``density``) are described in ``docs/catalogue.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo._layer_names import RESERVED_LAYER_NAMES
from geo._strict import is_rrggbb, strict_choice
from geo.errors import CatalogueError

__all__ = [
    "CHAPTERS",
    "DASHES",
    "DENSITY_TIERS",
    "GEOMETRY_TYPES",
    "RESERVED_LAYER_NAMES",
    "check_vocab",
]

GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
CHAPTERS: Mapping[str, tuple[str, str]] = {
    "transport": ("交通", "Transport"),
    "energy": ("能源", "Energy"),
    "environment": ("环境", "Environment"),
    "base": ("行政区划与参考", "Administrative divisions and reference"),
}
"""A layer's ``chapter`` -> its (Chinese, English) title, in the plan's order (chapters 四, 五,
十一); ``base`` holds the administrative and reference layers. The maps (one page per plan
chapter) and the QGIS project (one layer group per chapter) take their titles from here."""
DASHES = ("solid", "dash", "dot")
"""A status' ``dash`` hint: how style.toml's ``[derived_status]`` rule draws a status it
has no ``[status.X]`` table for (solid, dashed or dotted)."""
DENSITY_TIERS = (
    "existing",
    "today+under_construction",
    "today+start_construction",
    "today+preparatory",
    "today+planning_study",
    "today+proposed",
)
"""Scenario a status first counts in (``existing``: already in the network, not added); the
others are the project tiers of :data:`geo.density.scenarios.TIERS`, in order."""
MAX_NAME = 40
MAX_TITLE = 200
SECTIONS = ("status", "precision", "layer", "progress")
"""Top-level tables of ``vocab.toml``; ``progress`` is optional."""

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_RESERVED_PREFIXES = ("gpkg_", "sqlite_", "rtree_")
_CLASS_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class _Check:
    def __init__(self, file: Path) -> None:
        self.file = file

    def fail(self, record: str | None, field: str | None, message: str) -> CatalogueError:
        return CatalogueError(message, file=self.file, record=record, field=field)

    def table(self, value: object, record: str | None, field: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(
                record,
                field,
                f"expected a table ([{field}...]), got {value!r}; write it as a table",
            )
        return value

    def keys(
        self,
        spec: Mapping[str, Any],
        record: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
    ) -> None:
        for key in required:
            if key not in spec:
                raise self.fail(record, key, f"missing; every entry needs {', '.join(required)}")
        for key in sorted(spec):
            strict_choice(
                key, allowed, file=self.file, record=record, field=key, what="a known key"
            )

    def text(self, spec: Mapping[str, Any], record: str, key: str) -> str:
        value = spec[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(record, key, f"expected a non-empty string, got {value!r}; quote it")
        if len(value) > MAX_TITLE or "\n" in value:
            raise self.fail(
                record,
                key,
                f"{len(value)} characters or a line break; write one line of at most {MAX_TITLE}",
            )
        return value

    def boolean(self, spec: Mapping[str, Any], record: str, key: str) -> bool:
        value = spec[key]
        if not isinstance(value, bool):
            raise self.fail(record, key, f"expected true or false (unquoted), got {value!r}")
        return value

    def choice(
        self, spec: Mapping[str, Any], record: str, key: str, allowed: tuple[str, ...]
    ) -> str:
        return strict_choice(
            spec[key], allowed, file=self.file, record=record, field=key, what="allowed"
        )

    def name(self, name: str, record: str | None, field: str, what: str) -> None:
        if not _NAME_RE.match(name) or len(name) > MAX_NAME:
            raise self.fail(
                record,
                field,
                f"{what} name {name!r} is not a safe identifier; use lowercase ASCII letters, "
                f"digits and _, starting with a letter, at most {MAX_NAME} characters",
            )

    def unique(self, seen: dict[str, str], value: str, record: str, field: str, what: str) -> None:
        if value in seen:
            raise self.fail(
                record,
                field,
                f"{what} {value!r} is already used by {seen[value]!r}; titles must be unique",
            )
        seen[value] = record


def _statuses(chk: _Check, section: Mapping[str, Any]) -> None:
    titles: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for name, raw in section.items():
        spec = chk.table(raw, name, "status")
        chk.name(name, name, "status", "status")
        chk.keys(
            spec,
            name,
            ("zh", "en", "dash", "opacity", "density_tier", "density_widening"),
            ("zh", "en", "density_tier"),
        )
        for lang in ("zh", "en"):
            chk.unique(titles[lang], chk.text(spec, name, lang), name, lang, "title")
        # dash and opacity: hints for a status style.toml does not draw (geo.style._derive)
        if "dash" in spec:
            chk.choice(spec, name, "dash", DASHES)
        opacity = spec.get("opacity", 1.0)
        if (
            isinstance(opacity, bool)
            or not isinstance(opacity, int | float)
            or not 0 < opacity <= 1
        ):
            raise chk.fail(name, "opacity", f"expected a number in (0, 1], got {opacity!r}")
        chk.choice(spec, name, "density_tier", DENSITY_TIERS)
        if "density_widening" in spec:
            chk.boolean(spec, name, "density_widening")


def _precisions(chk: _Check, section: Mapping[str, Any]) -> None:
    titles: dict[str, str] = {}
    for name, raw in section.items():
        spec = chk.table(raw, name, "precision")
        chk.name(name, name, "precision", "precision")
        chk.keys(spec, name, ("zh", "en", "schematic"), ("zh", "en", "schematic"))
        chk.text(spec, name, "zh")
        chk.unique(titles, chk.text(spec, name, "en"), name, "en", "title")
        chk.boolean(spec, name, "schematic")


def _progress(chk: _Check, section: Mapping[str, Any]) -> None:
    for name, raw in section.items():
        spec = chk.table(raw, name, "progress")
        chk.name(name, name, "progress", "progress")
        for key in ("zh", "en"):
            if key not in spec:
                raise chk.fail(name, key, "missing; every progress needs zh and en")
            chk.text(spec, name, key)


def _density(chk: _Check, name: str, spec: Mapping[str, Any], kinds: Mapping[str, Any]) -> None:
    value = spec["density"]
    if isinstance(value, str):
        classes = dict.fromkeys(kinds, value)
    elif isinstance(value, Mapping):
        classes = dict(value)
        missing = [k for k in kinds if k not in classes]
        if missing:
            raise chk.fail(
                name,
                "density",
                f'kind {missing[0]!r} has no density class; add {missing[0]} = "<class>" to '
                f"[layer.{name}.density] (rail, expressway, a road class such as trunk, or none)",
            )
        extra = [k for k in classes if k not in kinds]
        if extra:
            raise chk.fail(name, "density", f"{extra[0]!r} is not a kind of layer {name!r}")
    else:
        raise chk.fail(
            name, "density", f"expected a class name or a table kind = class, got {value!r}"
        )
    for kind, cls in classes.items():
        if not isinstance(cls, str) or not _CLASS_RE.match(cls):
            raise chk.fail(
                name,
                "density",
                f"class of kind {kind!r} is {cls!r}; use rail, expressway, a road class such as "
                "trunk, or none",
            )


def _layers(chk: _Check, section: Mapping[str, Any]) -> None:
    titles: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for name, raw in section.items():
        spec = chk.table(raw, name, "layer")
        chk.name(name, name, "layer", "layer")
        if name in RESERVED_LAYER_NAMES or name.startswith(_RESERVED_PREFIXES):
            raise chk.fail(
                name,
                "layer",
                f"layer name {name!r} is reserved (a built-in layer or a GeoPackage table); "
                "choose another",
            )
        chk.keys(
            spec,
            name,
            ("geometry", "chapter", "zh", "en", "kinds", "density"),
            ("geometry", "chapter", "zh", "en", "kinds"),
        )
        chk.choice(spec, name, "geometry", GEOMETRY_TYPES)
        chk.choice(spec, name, "chapter", tuple(CHAPTERS))
        for lang in ("zh", "en"):
            chk.unique(titles[lang], chk.text(spec, name, lang), name, lang, "layer title")
        kinds = chk.table(spec["kinds"], name, "kinds")
        if not kinds:
            raise chk.fail(
                name, "kinds", "no kinds; a layer needs at least one kind = [zh, en, colour]"
            )
        kind_titles: dict[str, str] = {}
        for kind, value in kinds.items():
            chk.name(kind, name, "kinds", "kind")
            if not (
                isinstance(value, list)
                and len(value) == 3
                and all(isinstance(v, str) and v.strip() for v in value)
            ):
                raise chk.fail(
                    name,
                    "kinds",
                    f"kind {kind!r} must be [zh, en, colour] (three strings), got {value!r}",
                )
            if any(len(v) > MAX_TITLE for v in value):
                raise chk.fail(
                    name, "kinds", f"kind {kind!r} has a title over {MAX_TITLE} characters"
                )
            if not is_rrggbb(value[2]):
                raise chk.fail(
                    name,
                    "kinds",
                    f"kind {kind!r} colour {value[2]!r} is not a colour; write it as #rrggbb",
                )
            chk.unique(kind_titles, value[1], kind, "kinds", f"kind title in layer {name!r}")
        if "density" in spec:
            _density(chk, name, spec, kinds)


def check_vocab(doc: Mapping[str, Any], *, file: Path) -> None:
    """Check a parsed ``vocab.toml`` against the schema.

    Parameters
    ----------
    doc : mapping
        As :func:`tomllib.load` returns it.
    file : Path
        The file, for messages.

    Raises
    ------
    CatalogueError
        Naming the file, the entry (record) and the key (field) of the first problem.
    """
    chk = _Check(file)
    if not doc:
        raise chk.fail(
            None,
            None,
            "the file is empty; it must hold the [status.*], [precision.*] and [layer.*] tables",
        )
    for section in sorted(doc):
        strict_choice(
            section, SECTIONS, file=file, record=None, field=section, what="a known section"
        )
    for section, check in (("status", _statuses), ("precision", _precisions), ("layer", _layers)):
        if section not in doc:
            raise chk.fail(None, section, f"missing the [{section}.*] tables")
        table = chk.table(doc[section], None, section)
        if not table:
            raise chk.fail(None, section, f"no entries in [{section}.*]; add at least one")
        check(chk, table)
    if "progress" in doc:
        _progress(chk, chk.table(doc["progress"], None, "progress"))
