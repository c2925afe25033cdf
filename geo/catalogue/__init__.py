"""Read and validate the project catalogue, its vocabularies and the gazetteer.

The catalogue is data (TOML and CSV files under ``data/``, documented in
``docs/catalogue.md``); this module turns it into plain Python objects and
refuses anything malformed with a :class:`~geo.errors.CatalogueError` that
names the file, the record and the field.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from geo._paths import CATALOGUE_DIR, GAZETTEER, REFERENCE_NETWORK, plan_text_path
from geo._plausible import check_geometry_fields, check_places, check_ring
from geo._strict import read_csv, read_toml, strict_float
from geo._vocab_schema import check_vocab
from geo.chinadatum import DATUMS, to_wgs84
from geo.errors import CatalogueError

__all__ = [
    "ALONG_CORRIDOR",
    "GEOMETRY_TYPES",
    "INDICATIVE",
    "NETWORK_SECTION",
    "PROGRAMME_EXTENT",
    "Catalogue",
    "KindDef",
    "LayerDef",
    "Place",
    "Project",
    "Vocab",
    "load_catalogue",
    "load_gazetteer",
    "load_vocab",
    "reference_network_ids",
]

logger = logging.getLogger(__name__)

GEOMETRY_TYPES = ("Point", "LineString", "Polygon")
CHAPTERS = ("transport", "energy", "environment", "base")
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

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_CLAUSE_RE = re.compile(
    r"^(\(\d{1,3}\)|专栏\d{1,2}|[一二三四五六七八九十]+\([一二三四五六七八九十]+\))$"
)
# Mainland China, generously: anything outside is a typo or swapped lon/lat.
_CHINA_LON = (73.0, 135.5)
_CHINA_LAT = (18.0, 53.6)
_NOT_CHAPTERS = ("vocab.toml", "style.toml", "fields.toml", "metadata.toml")
"""Catalogue-folder files that are not chapter files (vocab, style, dictionary, metadata)."""


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

    statuses: Mapping[str, Mapping[str, Any]]
    precisions: Mapping[str, Mapping[str, Any]]
    layers: Mapping[str, LayerDef]
    progress: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """What has happened since the plan (``[progress.*]``: built, under construction, ...)."""


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


# ---------------------------------------------------------------- files


def _mapping(value: Any, *, file: Path, record: str, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CatalogueError(
            f"expected a table, got {value!r}", file=file, record=record, field=field
        )
    return value


def load_vocab(path: Path | None = None) -> Vocab:
    """Load the fixed vocabularies.

    Parameters
    ----------
    path : Path, optional
        A ``vocab.toml``; default ``geo/data/catalogue/vocab.toml``.

    Returns
    -------
    Vocab
    """
    path = Path(path) if path is not None else CATALOGUE_DIR / "vocab.toml"
    doc = read_toml(path)
    check_vocab(doc, file=path)
    for section in ("status", "precision", "layer"):
        if section not in doc:
            raise CatalogueError(f"missing the [{section}.*] tables", file=path, field=section)
    statuses = {
        k: _mapping(v, file=path, record=k, field="status") for k, v in doc["status"].items()
    }
    precisions = {
        k: _mapping(v, file=path, record=k, field="precision") for k, v in doc["precision"].items()
    }
    layers: dict[str, LayerDef] = {}
    for name, spec in doc["layer"].items():
        spec = _mapping(spec, file=path, record=name, field="layer")
        if spec.get("geometry") not in GEOMETRY_TYPES:
            raise CatalogueError(
                f"geometry={spec.get('geometry')!r}; use one of {', '.join(GEOMETRY_TYPES)}",
                file=path,
                record=name,
                field="geometry",
            )
        if spec.get("chapter") not in CHAPTERS:
            raise CatalogueError(
                f"chapter={spec.get('chapter')!r}; use one of {', '.join(CHAPTERS)}",
                file=path,
                record=name,
                field="chapter",
            )
        kinds: dict[str, KindDef] = {}
        for kind, value in _mapping(
            spec.get("kinds"), file=path, record=name, field="kinds"
        ).items():
            if not (
                isinstance(value, list)
                and len(value) == 3
                and all(isinstance(v, str) for v in value)
            ):
                raise CatalogueError(
                    f"kind {kind!r} must be [zh, en, colour], got {value!r}",
                    file=path,
                    record=name,
                    field="kinds",
                )
            if not _COLOUR_RE.match(value[2]):
                raise CatalogueError(
                    f"kind {kind!r} colour {value[2]!r} is not a colour; write it as #rrggbb",
                    file=path,
                    record=name,
                    field="kinds",
                )
            kinds[kind] = KindDef(*value)
        layers[name] = LayerDef(
            name=name,
            geometry=spec["geometry"],
            chapter=spec["chapter"],
            zh=str(spec.get("zh", name)),
            en=str(spec.get("en", name)),
            kinds=kinds,
            density=spec.get("density"),
        )
    progress = {
        k: _mapping(v, file=path, record=k, field="progress")
        for k, v in _mapping(
            doc.get("progress", {}), file=path, record="progress", field="progress"
        ).items()
    }
    return Vocab(statuses=statuses, precisions=precisions, layers=layers, progress=progress)


# ---------------------------------------------------------------- gazetteer

_GAZETTEER_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "kind",
    "lon",
    "lat",
    "datum",
    "accuracy_m",
    "source",
)


_float = strict_float


def load_gazetteer(path: Path | None = None) -> dict[str, Place]:
    """Load the gazetteer, converting GCJ-02 and BD-09 coordinates to WGS84.

    Parameters
    ----------
    path : Path, optional
        A gazetteer CSV; default ``geo/data/gazetteer.csv``.

    Returns
    -------
    dict of str to Place
        Keyed by place id, in file order.

    Raises
    ------
    CatalogueError
        On a missing column or value, a duplicate id, an unknown datum, or
        coordinates outside China.
    """
    path = Path(path) if path is not None else GAZETTEER
    rows = read_csv(path, _GAZETTEER_COLUMNS)
    places: dict[str, Place] = {}
    for line, row in enumerate(rows, start=2):
        pid = (row.get("id") or "").strip()
        record = pid or f"line {line}"
        for col in _GAZETTEER_COLUMNS:
            if row.get(col) is None or not str(row[col]).strip():
                raise CatalogueError(
                    f"empty value on line {line}; fill it in", file=path, record=record, field=col
                )
        if not _ID_RE.match(pid):
            raise CatalogueError(
                f"id {pid!r} must match [a-z0-9_]+", file=path, record=record, field="id"
            )
        if pid in places:
            raise CatalogueError(
                f"duplicate id {pid!r} (line {line}); ids must be unique",
                file=path,
                record=record,
                field="id",
            )
        datum = row["datum"].strip().upper().replace("-", "")
        if datum not in DATUMS:
            raise CatalogueError(
                f"datum {row['datum']!r} is not known; use one of {', '.join(DATUMS)}",
                file=path,
                record=record,
                field="datum",
            )
        lon = _float(row["lon"], file=path, record=record, field="lon")
        lat = _float(row["lat"], file=path, record=record, field="lat")
        for name, value, (low, high) in (("lon", lon, _CHINA_LON), ("lat", lat, _CHINA_LAT)):
            if not low <= value <= high:
                raise CatalogueError(
                    f"{name}={value!r} is outside China ({low}..{high}); check for swapped "
                    "lon/lat or a typo",
                    file=path,
                    record=record,
                    field=name,
                )
        accuracy = _float(row["accuracy_m"], file=path, record=record, field="accuracy_m")
        if not 0 < accuracy <= 100_000:
            raise CatalogueError(
                f"accuracy_m={accuracy!r}; give the position's uncertainty in metres, "
                "more than 0 and at most 100000",
                file=path,
                record=record,
                field="accuracy_m",
            )
        w_lon, w_lat = to_wgs84(lon, lat, datum=datum)
        places[pid] = Place(
            id=pid,
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            kind=row["kind"].strip(),
            lon=float(w_lon),
            lat=float(w_lat),
            datum=datum,
            accuracy_m=accuracy,
            source=row["source"].strip(),
        )
    return places


# ---------------------------------------------------------------- projects

_REQUIRED = ("id", "name_zh", "name_en", "layer", "kind", "status", "clause", "quote", "precision")
_KNOWN = frozenset(
    (
        *_REQUIRED,
        *("target_year", "via", "at", "ring", "area_km2", "replaces", "note"),
        *("realised_by", "along", "adcode", "progress", "progress_year", "progress_source"),
    )
)
_ADCODE_RE = re.compile(r"^\d{6}$")


class _Checker:
    """Validate one record, raising errors that name file, record and field."""

    def __init__(self, file: Path, record: Mapping[str, Any], position: int) -> None:
        self.file = file
        self.record = record
        rid = record.get("id")
        self.rid = rid if isinstance(rid, str) and rid else f"#{position} (no id)"

    def fail(self, field: str, message: str) -> CatalogueError:
        return CatalogueError(message, file=self.file, record=self.rid, field=field)

    def text(self, field: str, *, required: bool = True) -> str:
        value = self.record.get(field)
        if value is None and not required:
            return ""
        if value is None:
            raise self.fail(field, "missing; every record needs it (see docs/catalogue.md)")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def choice(self, field: str, allowed: Iterable[str]) -> str:
        value = self.text(field)
        options = list(allowed)
        if value not in options:
            raise self.fail(field, f"{value!r} is not known; use one of {', '.join(options)}")
        return value

    def ids(self, field: str, *, what: str = "gazetteer ids") -> tuple[str, ...]:
        value = self.record.get(field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(field, f"expected a list of {what}, got {value!r}")
        return tuple(value)


def _project(
    record: Mapping[str, Any],
    *,
    file: Path,
    position: int,
    vocab: Vocab,
    places: Mapping[str, Place],
    plan: str | None,
) -> Project:
    chk = _Checker(file, record, position)
    unknown = sorted(set(record) - _KNOWN)
    if unknown:
        raise chk.fail(
            unknown[0],
            f"unknown field {unknown[0]!r}; known fields are {', '.join(sorted(_KNOWN))}",
        )
    pid = chk.text("id")
    if not _ID_RE.match(pid) or len(pid) > MAX_ID_CHARS:
        raise chk.fail(
            "id",
            f"{pid!r} must match [a-z0-9_]+ (lowercase ASCII, digits, underscore), "
            f"at most {MAX_ID_CHARS} characters",
        )
    layer = chk.choice("layer", vocab.layers)
    ldef = vocab.layers[layer]
    check_geometry_fields(record, ldef.geometry, chk.fail)
    for key, limit in (
        ("name_zh", MAX_NAME_CHARS),
        ("name_en", MAX_NAME_CHARS),
        ("note", MAX_NOTE_CHARS),
    ):
        value = record.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise chk.fail(key, f"{len(value)} characters; shorten it to at most {limit}")
    kind = chk.choice("kind", ldef.kinds)
    status = chk.choice("status", vocab.statuses)
    precision = chk.choice("precision", vocab.precisions)
    name_zh = chk.text("name_zh")
    name_en = chk.text("name_en")
    quote = chk.text("quote")
    if len(quote) > MAX_QUOTE_CHARS:
        raise chk.fail("quote", f"{len(quote)} characters; shorten it to at most {MAX_QUOTE_CHARS}")
    if plan is not None:
        if quote not in plan:
            raise chk.fail("quote", f"{quote!r} does not occur in the plan text; copy it verbatim")
        if _plan_name(name_zh) not in plan:
            raise chk.fail(
                "name_zh",
                f"{name_zh!r} does not occur in the plan text; write it as the plan does "
                "(a section the plan does not name may follow in parentheses: 名称(某某段))",
            )
    clause = chk.ids("clause", what="clauses such as ['(55)', '专栏8']")
    if not clause:
        raise chk.fail("clause", "empty; name the plan's clause(s), e.g. ['(55)', '专栏8']")
    for c in clause:
        if not _CLAUSE_RE.match(c):
            raise chk.fail(
                "clause", f"{c!r} is not a clause; write items as '(55)' and columns as '专栏8'"
            )
    target_year = record.get("target_year")
    if target_year is not None and (
        not isinstance(target_year, int)
        or isinstance(target_year, bool)
        or not 2000 <= target_year <= 2100
    ):
        raise chk.fail("target_year", f"expected a year such as 2025, got {target_year!r}")

    via: tuple[str, ...] = ()
    ring: tuple[str, ...] = ()
    at: str | None = None
    area: float | None = None
    adcode: str | None = None
    if "adcode" in record and ldef.geometry != "Polygon":
        raise chk.fail(
            "adcode",
            f"only a polygon can be an administrative unit's extent, not a {ldef.geometry}",
        )
    if ldef.geometry == "LineString" and "via" not in record and "at" in record:
        if precision != INDICATIVE:
            raise chk.fail(
                "at",
                f"a line drawn as a stub at one place must have precision {INDICATIVE!r}, "
                f"got {precision!r}; or give its route with 'via'",
            )
        at = chk.text("at")
        used = [at]
    elif ldef.geometry == "LineString":
        via = chk.ids("via")
        if len(via) < 2:
            raise chk.fail("via", f"a line needs at least 2 places, got {list(via)!r}")
        for a, b in pairwise(via):
            if a == b:
                raise chk.fail(
                    "via", f"place {a!r} is repeated consecutively; remove the duplicate"
                )
        used = list(via)
    elif ldef.geometry == "Point":
        at = chk.text("at")
        used = [at]
    elif "adcode" in record:
        raw_code = record.get("adcode")
        if not isinstance(raw_code, str) or not _ADCODE_RE.match(raw_code):
            raise chk.fail(
                "adcode", f"expected a 6-digit adcode such as '340100', got {raw_code!r}"
            )
        adcode = raw_code
        if precision != PROGRAMME_EXTENT:
            raise chk.fail(
                "adcode",
                f"an area drawn as an administrative unit must have precision "
                f"{PROGRAMME_EXTENT!r}, got {precision!r}",
            )
        used = []
    else:
        if "ring" in record:
            ring = chk.ids("ring")
            if len(set(ring)) < 3:
                raise chk.fail(
                    "ring", f"a polygon needs at least 3 distinct places, got {list(ring)!r}"
                )
            used = list(ring)
        else:
            at = chk.text("at")
            raw = record.get("area_km2")
            if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 < raw < 5000:
                raise chk.fail(
                    "area_km2", f"a schematic area needs area_km2 in (0, 5000), got {raw!r}"
                )
            area = float(raw)
            used = [at]
    for pid_ in used:
        if pid_ not in places:
            raise chk.fail(
                "via" if via else "ring" if ring else "at",
                f"unknown place {pid_!r}; add it to the gazetteer "
                "(geo/data/gazetteer.csv) or fix the id",
            )
    check_places(
        used,
        places,
        field="via" if via else "ring" if ring else "at",
        line=bool(via),
        fail=chk.fail,
    )
    if ring:
        check_ring(ring, places, fail=chk.fail)
    replaces = record.get("replaces")
    if replaces is not None and not (isinstance(replaces, str) and _ID_RE.match(replaces)):
        raise chk.fail("replaces", f"expected an existing-network id, got {replaces!r}")
    realised_by, along = _network_links(chk, record, geometry=ldef.geometry, precision=precision)
    progress, progress_year, progress_source = _progress(chk, record, vocab=vocab)
    if realised_by and progress != "built":
        raise chk.fail(
            "progress",
            f"a project with realised_by must have progress 'built', got {progress!r}",
        )
    return Project(
        id=pid,
        name_zh=name_zh,
        name_en=name_en,
        layer=layer,
        kind=kind,
        status=status,
        clause=clause,
        quote=quote,
        precision=precision,
        file=file.name,
        target_year=target_year,
        via=via,
        at=at,
        ring=ring,
        area_km2=area,
        replaces=replaces,
        note=chk.text("note", required=False),
        realised_by=realised_by,
        along=along,
        adcode=adcode,
        progress=progress,
        progress_year=progress_year,
        progress_source=progress_source,
    )


def _plan_name(name_zh: str) -> str:
    """Return the part of ``name_zh`` the plan must contain (no trailing ``(section)``)."""
    match = _QUALIFIED_RE.match(name_zh)
    return match.group(1) if match else name_zh


_QUALIFIED_RE = re.compile(r"^(.+?)[(（]([^()（）]+)[)）]$")
_LINKS = {"realised_by": NETWORK_SECTION, "along": ALONG_CORRIDOR}


def _network_links(
    chk: _Checker, record: Mapping[str, Any], *, geometry: str, precision: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Check ``realised_by`` / ``along`` (existing-network ids) against the precision they imply."""
    found: dict[str, tuple[str, ...]] = {}
    for name, wanted in _LINKS.items():
        if name not in record:
            if precision == wanted:
                raise chk.fail(
                    name,
                    f"precision {wanted!r} draws the line on existing-network lines; "
                    f"list their ids in {name!r}",
                )
            found[name] = ()
            continue
        ids = chk.ids(name, what="existing-network ids")
        if not ids:
            raise chk.fail(name, "expected at least one existing-network id, got []")
        bad = [i for i in ids if not _ID_RE.match(i)]
        if bad:
            raise chk.fail(name, f"{bad[0]!r} is not an existing-network id ([a-z0-9_]+)")
        if len(set(ids)) != len(ids):
            raise chk.fail(name, f"an id is repeated in {list(ids)!r}; list each line once")
        if geometry != "LineString" or "via" not in record:
            raise chk.fail(name, f"only a line with 'via' (its two ends) can have {name!r}")
        if precision != wanted:
            raise chk.fail(
                "precision",
                f"a line with {name!r} must have precision {wanted!r}, got {precision!r}",
            )
        found[name] = ids
    if found["realised_by"] and found["along"]:
        raise chk.fail("along", "give 'realised_by' (built) or 'along' (planned), not both")
    return found["realised_by"], found["along"]


def _progress(
    chk: _Checker, record: Mapping[str, Any], *, vocab: Vocab
) -> tuple[str, int | None, str | None]:
    """Check ``progress``, ``progress_year`` and ``progress_source``."""
    progress = UNKNOWN_PROGRESS
    if "progress" in record:
        progress = chk.choice("progress", vocab.progress)
    year = record.get("progress_year")
    if year is not None and (
        not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100
    ):
        raise chk.fail("progress_year", f"expected a year such as 2020, got {year!r}")
    source = chk.text("progress_source", required=False) or None
    if progress != UNKNOWN_PROGRESS and source is None:
        raise chk.fail(
            "progress_source",
            f"progress {progress!r} needs a source (press/official notice and date); "
            "or set progress to 'unknown'",
        )
    if year is not None and source is None:
        raise chk.fail("progress_source", "a progress_year needs a source")
    return progress, year, source


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


def _check_replaces(projects: Iterable[Project], directory: Path) -> None:
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


def load_catalogue(
    directory: Path | None = None,
    *,
    gazetteer: Path | None = None,
    plan: Path | None = None,
) -> Catalogue:
    """Load and validate the whole catalogue.

    Parameters
    ----------
    directory : Path, optional
        Folder holding ``vocab.toml``, ``style.toml`` and the chapter files (every other
        ``*.toml``); default ``geo/data/catalogue``.
    gazetteer : Path, optional
        Gazetteer CSV; default ``geo/data/gazetteer.csv``.
    plan : Path, optional
        The plan's text. Every ``quote`` and ``name_zh`` must occur in it.
        Default: ``$INFRA_MAP_PLAN`` or ``../shared/plan/...`` when present;
        when no plan text can be found, that check is skipped with a warning.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        Naming the file, the record id and the field of the first problem.
    """
    directory = Path(directory) if directory is not None else CATALOGUE_DIR
    if not directory.is_dir():
        raise CatalogueError("catalogue folder not found; check the path", file=directory)
    vocab = load_vocab(directory / "vocab.toml")
    places = load_gazetteer(gazetteer)
    plan_path = Path(plan) if plan is not None else plan_text_path()
    plan_text: str | None = None
    if plan_path is not None:
        try:
            plan_text = plan_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CatalogueError(f"cannot read the plan text ({exc})", file=plan_path) from exc
    else:
        logger.warning(
            "plan text not found; quotes are not checked against it (set $INFRA_MAP_PLAN)"
        )

    projects: list[Project] = []
    seen: dict[str, str] = {}
    files = sorted(p for p in directory.glob("*.toml") if p.name not in _NOT_CHAPTERS)
    if not files:
        raise CatalogueError("no chapter files (*.toml besides vocab.toml) found", file=directory)
    for path in files:
        doc = read_toml(path)
        unknown = sorted(set(doc) - {"project"})
        if unknown:
            raise CatalogueError(
                f"unknown top-level key {unknown[0]!r}; records go in [[project]] tables",
                file=path,
                field=unknown[0],
            )
        records = doc.get("project", [])
        if not isinstance(records, list):
            raise CatalogueError(
                "'project' must be an array of tables ([[project]])", file=path, field="project"
            )
        if not records:
            raise CatalogueError(
                "no [[project]] records; a chapter file without records would drop its "
                "projects silently; add records or delete the file",
                file=path,
                field="project",
            )
        for position, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                raise CatalogueError(
                    f"record #{position} is not a table", file=path, record=f"#{position}"
                )
            project = _project(
                record, file=path, position=position, vocab=vocab, places=places, plan=plan_text
            )
            if project.id in seen:
                raise CatalogueError(
                    f"duplicate id {project.id!r}, already used in {seen[project.id]!r}; "
                    "ids must be unique",
                    file=path,
                    record=project.id,
                    field="id",
                )
            seen[project.id] = path.name
            projects.append(project)
    _check_replaces(projects, directory)
    logger.info("catalogue: %d projects, %d places", len(projects), len(places))
    return Catalogue(vocab=vocab, places=places, projects=tuple(projects))
