"""Validate one ``[[project]]`` record of a chapter file and build its :class:`Project`.

Every refusal is a :class:`~geo.errors.CatalogueError` naming the file, the record's
id and the field; the fields are described in ``docs/catalogue.md``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

from geo._strict import strict_choice
from geo.catalogue._plausible import check_geometry_fields, check_places, check_ring
from geo.catalogue._types import (
    ALONG_CORRIDOR,
    ID_RE,
    INDICATIVE,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_QUOTE_CHARS,
    NETWORK_SECTION,
    PROGRAMME_EXTENT,
    UNKNOWN_PROGRESS,
    Place,
    Project,
    Vocab,
)
from geo.errors import CatalogueError

__all__ = ["KNOWN_FIELDS", "REQUIRED_FIELDS", "project_from_record"]

_CLAUSE_RE = re.compile(
    r"^(\(\d{1,3}\)|专栏\d{1,2}|[一二三四五六七八九十]+\([一二三四五六七八九十]+\))$"
)

REQUIRED_FIELDS = (
    "id",
    "name_zh",
    "name_en",
    "layer",
    "kind",
    "status",
    "clause",
    "quote",
    "precision",
)
KNOWN_FIELDS = frozenset(
    (
        *REQUIRED_FIELDS,
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

    def choice(self, field: str, allowed: Collection[str]) -> str:
        value = self.text(field)
        return strict_choice(value, allowed, file=self.file, record=self.rid, field=field)

    def ids(self, field: str, *, what: str = "gazetteer ids") -> tuple[str, ...]:
        value = self.record.get(field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(field, f"expected a list of {what}, got {value!r}")
        return tuple(value)


def project_from_record(
    record: Mapping[str, Any],
    *,
    file: Path,
    position: int,
    vocab: Vocab,
    places: Mapping[str, Place],
    plan: str | None,
) -> Project:
    """Check one record of ``file`` (the ``position``-th, from 1) and return its Project.

    ``plan`` is the plan's text (``quote`` and ``name_zh`` must occur in it), or None to
    skip that check. Raises :class:`~geo.errors.CatalogueError` on the first problem.
    """
    chk = _Checker(file, record, position)
    unknown = sorted(set(record) - KNOWN_FIELDS)
    if unknown:
        raise chk.fail(
            unknown[0],
            f"unknown field {unknown[0]!r}; known fields are {', '.join(sorted(KNOWN_FIELDS))}",
        )
    pid = chk.text("id")
    if not ID_RE.match(pid) or len(pid) > MAX_ID_CHARS:
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
    if replaces is not None and not (isinstance(replaces, str) and ID_RE.match(replaces)):
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
        bad = [i for i in ids if not ID_RE.match(i)]
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
