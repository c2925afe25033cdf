"""Every rule of one chapter-file record (geo/catalogue/_record.py), one bad input each.

Records are built in code (tests/recordlib.py) and checked as record #3 of
``catalogue/ch.toml``; each refusal must name the file, the record and the
field. Records at the limits must still load.
"""

from __future__ import annotations

from typing import Any

import pytest
from errmatch import refused
from recordlib import AREA, LINE, POINT, build, with_

STUB = with_(LINE, "via", at="hefei", precision="indicative")
ADCODE = with_(
    AREA,
    "at",
    "area_km2",
    layer="eco_area",
    kind="eco_zone",
    name_zh="合肥生态区",
    quote="合肥生态区",
    precision="programme_extent",
    adcode="340100",
)
RING = with_(AREA, "at", "area_km2", ring=["ring_a", "ring_b", "ring_c"])
BUILT = with_(
    LINE,
    precision="network_section",
    realised_by=["g40_a", "g40_b"],
    progress="built",
    progress_year=2020,
    progress_source="official notice, 2020-12-01",
)
ALONG = with_(LINE, precision="along_corridor", along=["g40_a"])
NO_ID = "#3 (no id)"

# (record, its id in the message, field, message after the "file, record, field: " prefix)
BAD = [
    pytest.param(
        with_(LINE, colour="red"),
        "r1",
        "colour",
        "unknown field 'colour'; known fields are",
        id="unknown-field",
    ),
    pytest.param(with_(LINE, "id"), NO_ID, "id", "missing; every record needs it", id="id-missing"),
    pytest.param(
        with_(LINE, id=5), NO_ID, "id", "expected a non-empty string, got 5", id="id-a-number"
    ),
    pytest.param(
        with_(LINE, id=" "), " ", "id", "expected a non-empty string, got ' '", id="id-blank"
    ),
    pytest.param(
        with_(LINE, id="R1"), "R1", "id", r"'R1' must match \[a-z0-9_\]\+", id="id-uppercase"
    ),
    pytest.param(
        with_(LINE, id="a" * 65),
        "a" * 65,
        "id",
        "must match .*at most 64 characters",
        id="id-65-chars",
    ),
    pytest.param(
        with_(LINE, layer="rails"),
        "r1",
        "layer",
        "'rails' is not known; use one of rail, ",
        id="layer-unknown",
    ),
    pytest.param(
        with_(LINE, "layer"), "r1", "layer", "missing; every record needs it", id="layer-missing"
    ),
    pytest.param(
        with_(LINE, kind="maglev"),
        "r1",
        "kind",
        "'maglev' is not known; use one of high_speed_rail",
        id="kind-unknown",
    ),
    pytest.param(
        with_(LINE, status="done"),
        "r1",
        "status",
        "'done' is not known; use one of existing",
        id="status-unknown",
    ),
    pytest.param(
        with_(LINE, precision="exact"),
        "r1",
        "precision",
        "'exact' is not known; use one of",
        id="precision-unknown",
    ),
    pytest.param(
        with_(LINE, "name_en"),
        "r1",
        "name_en",
        "missing; every record needs it",
        id="name-en-missing",
    ),
    pytest.param(
        with_(LINE, name_zh=7),
        "r1",
        "name_zh",
        "expected a non-empty string, got 7",
        id="name-zh-a-number",
    ),
    pytest.param(
        with_(LINE, name_zh="名" * 201),
        "r1",
        "name_zh",
        "201 characters; shorten it to at most 200",
        id="name-zh-201",
    ),
    pytest.param(
        with_(LINE, name_en="n" * 201),
        "r1",
        "name_en",
        "201 characters; shorten it to at most 200",
        id="name-en-201",
    ),
    pytest.param(
        with_(LINE, note="n" * 2001),
        "r1",
        "note",
        "2001 characters; shorten it to at most 2000",
        id="note-2001",
    ),
    pytest.param(
        with_(LINE, note=""), "r1", "note", "expected a non-empty string, got ''", id="note-empty"
    ),
    pytest.param(with_(LINE, "quote"), "r1", "quote", "missing", id="quote-missing"),
    pytest.param(
        with_(LINE, quote="加" * 81),
        "r1",
        "quote",
        "81 characters; shorten it to at most 80",
        id="quote-81",
    ),
    pytest.param(
        with_(LINE, quote="合肥-南京"),
        "r1",
        "quote",
        "'合肥-南京' does not occur in the plan text",
        id="quote-not-in-plan",
    ),
    pytest.param(
        with_(LINE, name_zh="合肥-南京"),
        "r1",
        "name_zh",
        "'合肥-南京' does not occur in the plan text",
        id="name-not-in-plan",
    ),
    pytest.param(
        with_(LINE, name_zh="合肥-南京(合肥段)"),
        "r1",
        "name_zh",
        "does not occur in the plan",
        id="qualified-name-not-in-plan",
    ),
    pytest.param(
        with_(LINE, clause="(58)"),
        "r1",
        "clause",
        "expected a list of clauses",
        id="clause-not-a-list",
    ),
    pytest.param(
        with_(LINE, clause=["(58)", 58]),
        "r1",
        "clause",
        "expected a list of clauses",
        id="clause-a-number",
    ),
    pytest.param(
        with_(LINE, clause=[]), "r1", "clause", "empty; name the plan's clause", id="clause-empty"
    ),
    pytest.param(
        with_(LINE, clause=["58"]),
        "r1",
        "clause",
        "'58' is not a clause",
        id="clause-no-parentheses",
    ),
    pytest.param(
        with_(LINE, clause=["(58)", "专栏"]),
        "r1",
        "clause",
        "'专栏' is not a clause",
        id="clause-column-no-number",
    ),
    pytest.param(
        with_(LINE, target_year="2030"),
        "r1",
        "target_year",
        "expected a year such as 2025, got '2030'",
        id="year-text",
    ),
    pytest.param(with_(LINE, target_year=True), "r1", "target_year", "got True", id="year-boolean"),
    pytest.param(with_(LINE, target_year=1999), "r1", "target_year", "got 1999", id="year-1999"),
    pytest.param(with_(LINE, target_year=2101), "r1", "target_year", "got 2101", id="year-2101"),
    pytest.param(
        with_(LINE, adcode="340100"),
        "r1",
        "adcode",
        "only a polygon can be an administrative unit's extent, not a LineString",
        id="adcode-on-line",
    ),
    pytest.param(
        with_(STUB, precision="corridor_schematic"),
        "r1",
        "at",
        "a line drawn as a stub at one place must have precision 'indicative'",
        id="stub-not-indicative",
    ),
    pytest.param(
        with_(LINE, "via"),
        "r1",
        "via",
        "expected a list of gazetteer ids, got None",
        id="via-missing",
    ),
    pytest.param(
        with_(LINE, via="hefei"),
        "r1",
        "via",
        "expected a list of gazetteer ids, got 'hefei'",
        id="via-text",
    ),
    pytest.param(
        with_(LINE, via=["hefei", ""]),
        "r1",
        "via",
        "expected a list of gazetteer ids",
        id="via-empty-id",
    ),
    pytest.param(
        with_(LINE, via=["hefei"]),
        "r1",
        "via",
        r"a line needs at least 2 places, got \['hefei'\]",
        id="via-one-place",
    ),
    pytest.param(
        with_(LINE, via=["hefei", "hefei", "chaohu"]),
        "r1",
        "via",
        "place 'hefei' is repeated consecutively",
        id="via-repeated",
    ),
    pytest.param(
        with_(POINT, "at"), "r1", "at", "missing; every record needs it", id="point-without-at"
    ),
    pytest.param(
        with_(ADCODE, adcode="3401"),
        "r1",
        "adcode",
        "expected a 6-digit adcode such as '340100', got '3401'",
        id="adcode-short",
    ),
    pytest.param(
        with_(ADCODE, adcode=340100),
        "r1",
        "adcode",
        "expected a 6-digit adcode .*got 340100",
        id="adcode-a-number",
    ),
    pytest.param(
        with_(ADCODE, precision="schematic_area"),
        "r1",
        "adcode",
        "must have precision 'programme_extent', got 'schematic_area'",
        id="adcode-precision",
    ),
    pytest.param(
        with_(RING, ring=["ring_a", "ring_b", "ring_a"]),
        "r1",
        "ring",
        "a polygon needs at least 3 distinct places",
        id="ring-two-places",
    ),
    pytest.param(
        with_(RING, ring="ring_a"), "r1", "ring", "expected a list of gazetteer ids", id="ring-text"
    ),
    pytest.param(
        with_(AREA, "area_km2"),
        "r1",
        "area_km2",
        r"a schematic area needs area_km2 in \(0, 5000\), got None",
        id="area-missing",
    ),
    pytest.param(with_(AREA, area_km2=-1), "r1", "area_km2", "got -1", id="area-negative"),
    pytest.param(with_(AREA, area_km2=0), "r1", "area_km2", "got 0", id="area-0"),
    pytest.param(with_(AREA, area_km2=5000), "r1", "area_km2", "got 5000", id="area-5000"),
    pytest.param(with_(AREA, area_km2=True), "r1", "area_km2", "got True", id="area-boolean"),
    pytest.param(with_(AREA, area_km2="10"), "r1", "area_km2", "got '10'", id="area-text"),
    pytest.param(with_(AREA, "at"), "r1", "at", "missing", id="area-without-at"),
    pytest.param(
        with_(LINE, via=["hefei", "nowhere"]),
        "r1",
        "via",
        "unknown place 'nowhere'; add it to the gazetteer",
        id="unknown-place-via",
    ),
    pytest.param(
        with_(POINT, at="nowhere"), "r1", "at", "unknown place 'nowhere'", id="unknown-place-at"
    ),
    pytest.param(
        with_(STUB, at="nowhere"), "r1", "at", "unknown place 'nowhere'", id="unknown-place-stub"
    ),
    pytest.param(
        with_(RING, ring=["ring_a", "ring_b", "nowhere"]),
        "r1",
        "ring",
        "unknown place 'nowhere'",
        id="unknown-place-ring",
    ),
    pytest.param(
        with_(LINE, replaces="G40"),
        "r1",
        "replaces",
        "expected an existing-network id, got 'G40'",
        id="replaces-uppercase",
    ),
    pytest.param(
        with_(LINE, replaces=["g40"]),
        "r1",
        "replaces",
        "expected an existing-network id, got",
        id="replaces-a-list",
    ),
    pytest.param(
        with_(BUILT, "realised_by"),
        "r1",
        "realised_by",
        "precision 'network_section' draws the line on existing-network lines; "
        "list their ids in 'realised_by'",
        id="network-section-without-ids",
    ),
    pytest.param(
        with_(ALONG, "along"),
        "r1",
        "along",
        "precision 'along_corridor' draws the line .* in 'along'",
        id="along-corridor-without-ids",
    ),
    pytest.param(
        with_(BUILT, realised_by="g40_a"),
        "r1",
        "realised_by",
        "expected a list of existing-network ids, got 'g40_a'",
        id="realised-by-text",
    ),
    pytest.param(
        with_(BUILT, realised_by=[]),
        "r1",
        "realised_by",
        r"expected at least one existing-network id, got \[\]",
        id="realised-by-empty",
    ),
    pytest.param(
        with_(ALONG, along=["g40_a", "G40"]),
        "r1",
        "along",
        "'G40' is not an existing-network id",
        id="along-bad-id",
    ),
    pytest.param(
        with_(BUILT, realised_by=["g40_a", "g40_a"]),
        "r1",
        "realised_by",
        "an id is repeated in",
        id="realised-by-repeated",
    ),
    pytest.param(
        with_(POINT, realised_by=["g40_a"]),
        "r1",
        "realised_by",
        r"only a line with 'via' \(its two ends\) can have 'realised_by'",
        id="realised-by-on-point",
    ),
    pytest.param(
        with_(STUB, along=["g40_a"]), "r1", "along", "only a line with 'via'", id="along-on-stub"
    ),
    pytest.param(
        with_(BUILT, precision="corridor_schematic"),
        "r1",
        "precision",
        "a line with 'realised_by' must have precision 'network_section', got 'corridor_schematic'",
        id="realised-by-precision",
    ),
    pytest.param(
        with_(ALONG, precision="corridor_schematic"),
        "r1",
        "precision",
        "a line with 'along' must have precision 'along_corridor'",
        id="along-precision",
    ),
    pytest.param(
        with_(BUILT, progress="under_construction"),
        "r1",
        "progress",
        "a project with realised_by must have progress 'built', got 'under_construction'",
        id="realised-by-not-built",
    ),
    pytest.param(
        with_(LINE, progress="finished"),
        "r1",
        "progress",
        "'finished' is not known; use one of built",
        id="progress-unknown",
    ),
    pytest.param(
        with_(BUILT, progress_year=1999),
        "r1",
        "progress_year",
        "expected a year such as 2020, got 1999",
        id="progress-year-1999",
    ),
    pytest.param(
        with_(BUILT, progress_year=2101), "r1", "progress_year", "got 2101", id="progress-year-2101"
    ),
    pytest.param(
        with_(BUILT, progress_year="2020"),
        "r1",
        "progress_year",
        "got '2020'",
        id="progress-year-text",
    ),
    pytest.param(
        with_(BUILT, progress_year=True),
        "r1",
        "progress_year",
        "got True",
        id="progress-year-boolean",
    ),
    pytest.param(
        with_(BUILT, "progress_source"),
        "r1",
        "progress_source",
        "progress 'built' needs a source",
        id="progress-without-source",
    ),
    pytest.param(
        with_(LINE, progress_year=2020),
        "r1",
        "progress_source",
        "a progress_year needs a source",
        id="year-without-source",
    ),
    pytest.param(
        with_(BUILT, progress_source=" "),
        "r1",
        "progress_source",
        "expected a non-empty string",
        id="source-blank",
    ),
]


@pytest.mark.parametrize(("record", "rid", "field", "message"), BAD)
def test_bad_record_refused_naming_file_record_and_field(record, rid, field, message):
    with refused("ch.toml", rid, field, ".*" + message):
        build(record)


GOOD: list[Any] = [
    pytest.param(LINE, id="line"),
    pytest.param(POINT, id="point"),
    pytest.param(AREA, id="area"),
    pytest.param(RING, id="ring"),
    pytest.param(ADCODE, id="adcode"),
    pytest.param(STUB, id="stub-line"),
    pytest.param(BUILT, id="realised-by"),
    pytest.param(ALONG, id="along"),
    pytest.param(with_(LINE, id="a" * 64), id="id-64-chars"),
    pytest.param(with_(LINE, name_en="n" * 200, note="n" * 2000), id="name-200-note-2000"),
    pytest.param(with_(LINE, name_zh="合肥-巢湖(合肥段)"), id="qualified-name"),
    pytest.param(with_(LINE, name_zh="合肥-巢湖（合肥段）"), id="qualified-name-full-width"),
    pytest.param(with_(LINE, clause=["(5)", "专栏16", "四(三)"]), id="clauses"),
    pytest.param(with_(LINE, target_year=2000), id="year-2000"),
    pytest.param(with_(LINE, target_year=2100, replaces="g40_a"), id="year-2100-replaces"),
    pytest.param(with_(AREA, area_km2=4999.5), id="area-4999"),
    pytest.param(with_(LINE, via=["hefei", "chaohu", "hefei"]), id="via-back-to-start"),
    pytest.param(with_(BUILT, progress_year=2000), id="progress-year-2000"),
    pytest.param(with_(LINE, progress="unknown"), id="progress-unknown-no-source"),
]


@pytest.mark.parametrize("record", GOOD)
def test_valid_record_loads(record):
    project = build(record)
    assert project.id == record["id"]
    assert project.file == "ch.toml"


def test_quote_and_name_unchecked_without_the_plan():
    project = build(with_(LINE, quote="合肥-南京", name_zh="合肥-南京"), plan=None)
    assert (project.quote, project.name_zh) == ("合肥-南京", "合肥-南京")


def test_quote_of_80_characters_is_kept():
    assert build(with_(LINE, quote="加" * 80), plan=None).quote == "加" * 80


def test_fields_are_read_into_the_project():
    project = build(with_(BUILT, note=" why ", target_year=2025))
    assert project.via == ("hefei", "chaohu")
    assert project.realised_by == ("g40_a", "g40_b")
    assert (project.progress, project.progress_year) == ("built", 2020)
    assert project.note == "why"
    assert build(ADCODE).adcode == "340100"
    assert build(RING).ring == ("ring_a", "ring_b", "ring_c")
    assert build(AREA).area_km2 == 10.0
    assert build(STUB).at == "hefei"
