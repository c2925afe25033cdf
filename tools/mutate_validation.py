"""Mutation check of the catalogue's validation rules.

Applies, one at a time, hand-made mutations to the catalogue loader
(``geo/catalogue/*.py``, the strict reader ``geo/_strict.py`` and its
``strict_choice`` call sites in ``geo/style/_read.py``): each disables one rule,
loosens one limit or comparison, or drops the file, record or field from the
error, in a scratch copy of the repository; runs the test file that mirrors the
mutated module (``tests/test_catalogue_<module>.py``, ``tests/test_strict.py``,
``tests/test_style.py``) and reports whether a test failed ("killed") or not
("SURVIVED"). The unmutated copy must pass first. The rules are listed in
``docs/catalogue.md`` ("Validation rules").

    .venv/bin/python tools/mutate_validation.py              # every mutation
    .venv/bin/python tools/mutate_validation.py -k _record   # one module's
    .venv/bin/python tools/mutate_validation.py -k opacity   # names containing "opacity"

Exit status 0 when every mutant is killed, 1 otherwise.

Not listed: the "give 'realised_by' or 'along', not both" rule of ``_record.py``
(unreachable: each of the two needs its own precision, so a record with both
is refused for its precision first), and the refusal of a boolean
``target_year`` or ``progress_year`` (``true`` is 1, which the range 2000..2100
refuses anyway: removing it changes nothing).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _mutation import Mutation, main


def _module(module: str, tests: str, *items: tuple[str, str, str]) -> list[Mutation]:
    return [Mutation(name, module, old, new, (tests,)) for name, old, new in items]


OFF = "if False:"

VOCAB = _module(
    "geo/catalogue/_vocab_schema.py",
    "tests/test_catalogue_vocab_schema.py",
    ("vocab: an empty file accepted", "    if not doc:\n", f"    {OFF}\n"),
    (
        "vocab: unknown sections accepted",
        "    for section in sorted(doc):\n",
        "    for section in []:\n",
    ),
    (
        "vocab: a missing section not named",
        '            raise chk.fail(None, section, f"missing the',
        '            raise chk.fail(None, None, f"missing the',
    ),
    (
        "vocab: a table not required",
        "        if not isinstance(value, Mapping):\n",
        f"        {OFF}\n",
    ),
    ("vocab: an empty section accepted", "        if not table:\n", f"        {OFF}\n"),
    (
        "vocab: names not checked against the identifier pattern",
        "if not _NAME_RE.match(name) or len(name) > MAX_NAME:",
        "if len(name) > MAX_NAME:",
    ),
    (
        "vocab: names of any length",
        "if not _NAME_RE.match(name) or len(name) > MAX_NAME:",
        "if not _NAME_RE.match(name):",
    ),
    (
        "vocab: a missing key not named",
        'raise self.fail(record, key, f"missing; every entry needs',
        'raise self.fail(record, None, f"missing; every entry needs',
    ),
    (
        "vocab: unknown keys accepted",
        "        for key in sorted(spec):\n",
        "        for key in []:\n",
    ),
    (
        "vocab: blank texts accepted",
        "if not isinstance(value, str) or not value.strip():",
        "if not isinstance(value, str):",
    ),
    (
        "vocab: texts of any length",
        'if len(value) > MAX_TITLE or "\\n" in value:',
        'if "\\n" in value:',
    ),
    (
        "vocab: texts of 200 characters refused",
        'if len(value) > MAX_TITLE or "\\n" in value:',
        'if len(value) >= MAX_TITLE or "\\n" in value:',
    ),
    (
        "vocab: line breaks in texts accepted",
        'if len(value) > MAX_TITLE or "\\n" in value:',
        "if len(value) > MAX_TITLE:",
    ),
    (
        "vocab: booleans not checked",
        "        if not isinstance(value, bool):\n",
        f"        {OFF}\n",
    ),
    (
        "vocab: choices not checked",
        "        return strict_choice(\n            spec[key], allowed,",
        "        return spec[key] or strict_choice(\n            spec[key], allowed,",
    ),
    ("vocab: titles not unique", "        if value in seen:\n", f"        {OFF}\n"),
    (
        "vocab: a boolean opacity accepted",
        "            isinstance(opacity, bool)\n            or",
        "            False\n            or",
    ),
    (
        "vocab: opacity over 1 accepted",
        "or not 0 < opacity <= 1",
        "or not 0 < opacity",
    ),
    (
        "vocab: opacity 0 accepted",
        "or not 0 < opacity <= 1",
        "or not 0 <= opacity <= 1",
    ),
    (
        "vocab: opacity 1 refused",
        "or not 0 < opacity <= 1",
        "or not 0 < opacity < 1",
    ),
    (
        "vocab: a progress without zh or en not named",
        'raise chk.fail(name, key, "missing; every progress needs zh and en")',
        'raise chk.fail(name, None, "missing; every progress needs zh and en")',
    ),
    ("vocab: density without a class of every kind", "        if missing:\n", f"        {OFF}\n"),
    ("vocab: density classes of unknown kinds", "        if extra:\n", f"        {OFF}\n"),
    (
        "vocab: density of any type taken as one class",
        "    if isinstance(value, str):\n        classes = dict.fromkeys(kinds, value)",
        "    if not isinstance(value, Mapping):\n        classes = dict.fromkeys(kinds, value)",
    ),
    (
        "vocab: density classes not identifiers",
        "if not isinstance(cls, str) or not _CLASS_RE.match(cls):",
        "if not isinstance(cls, str):",
    ),
    (
        "vocab: reserved layer names accepted",
        "if name in RESERVED_LAYER_NAMES or name.startswith(_RESERVED_PREFIXES):",
        "if name.startswith(_RESERVED_PREFIXES):",
    ),
    (
        "vocab: GeoPackage table prefixes accepted",
        "if name in RESERVED_LAYER_NAMES or name.startswith(_RESERVED_PREFIXES):",
        "if name in RESERVED_LAYER_NAMES:",
    ),
    ("vocab: a layer without kinds accepted", "        if not kinds:\n", f"        {OFF}\n"),
    (
        "vocab: a kind of two values accepted",
        "                and len(value) == 3\n",
        "",
    ),
    (
        "vocab: a kind with a blank title accepted",
        "                and all(isinstance(v, str) and v.strip() for v in value)\n",
        "",
    ),
    (
        "vocab: kind titles of any length",
        "if any(len(v) > MAX_TITLE for v in value):",
        OFF,
    ),
    ("vocab: colours not checked", "if not _COLOUR_RE.match(value[2]):", OFF),
    (
        "vocab: colours of 3 digits accepted",
        '_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")',
        '_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{3,6}$")',
    ),
    (
        "vocab: colours with more digits accepted",
        '_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")',
        '_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}")',
    ),
    (
        "vocab: kind titles not unique",
        '            chk.unique(kind_titles, value[1], kind, "kinds", ',
        '            0 and chk.unique(kind_titles, value[1], kind, "kinds", ',
    ),
    (
        "vocab: errors without the file",
        "return CatalogueError(message, file=self.file, record=record, field=field)",
        "return CatalogueError(message, file=None, record=record, field=field)",
    ),
    (
        "vocab: errors without the entry",
        "return CatalogueError(message, file=self.file, record=record, field=field)",
        "return CatalogueError(message, file=self.file, record=None, field=field)",
    ),
    (
        "vocab: errors without the key",
        "return CatalogueError(message, file=self.file, record=record, field=field)",
        "return CatalogueError(message, file=self.file, record=record, field=None)",
    ),
)

RECORD = _module(
    "geo/catalogue/_record.py",
    "tests/test_catalogue_record.py",
    (
        "record: unknown fields accepted",
        "unknown = sorted(set(record) - KNOWN_FIELDS)",
        "unknown = []",
    ),
    (
        "record: a missing required field taken as empty",
        '        if value is None and not required:\n            return ""',
        '        if value is None:\n            return ""',
    ),
    (
        "record: blank texts accepted",
        "        if not isinstance(value, str) or not value.strip():\n"
        '            raise self.fail(field, f"expected a non-empty string',
        "        if not isinstance(value, str):\n"
        '            raise self.fail(field, f"expected a non-empty string',
    ),
    (
        "record: choices not checked",
        "        return strict_choice(value, allowed,",
        "        return value or strict_choice(value, allowed,",
    ),
    (
        "record: lists of anything accepted as ids",
        "if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):",
        "if not isinstance(value, list):",
    ),
    (
        "record: ids not checked against the pattern",
        "if not ID_RE.match(pid) or len(pid) > MAX_ID_CHARS:",
        "if len(pid) > MAX_ID_CHARS:",
    ),
    (
        "record: ids of any length",
        "if not ID_RE.match(pid) or len(pid) > MAX_ID_CHARS:",
        "if not ID_RE.match(pid):",
    ),
    (
        "record: names and notes of any length",
        "if isinstance(value, str) and len(value) > limit:",
        OFF,
    ),
    (
        "record: names of 200 characters refused",
        "if isinstance(value, str) and len(value) > limit:",
        "if isinstance(value, str) and len(value) >= limit:",
    ),
    ("record: quotes of any length", "    if len(quote) > MAX_QUOTE_CHARS:\n", f"    {OFF}\n"),
    (
        "record: quotes of 80 characters refused",
        "    if len(quote) > MAX_QUOTE_CHARS:\n",
        "    if len(quote) >= MAX_QUOTE_CHARS:\n",
    ),
    (
        "record: quotes not checked against the plan",
        "        if quote not in plan:\n",
        f"        {OFF}\n",
    ),
    (
        "record: names not checked against the plan",
        "        if _plan_name(name_zh) not in plan:\n",
        f"        {OFF}\n",
    ),
    (
        "record: a section in parentheses not allowed after the plan's name",
        "        if _plan_name(name_zh) not in plan:\n",
        "        if name_zh not in plan:\n",
    ),
    ("record: an empty clause list accepted", "    if not clause:\n", f"    {OFF}\n"),
    ("record: clauses not checked", "        if not _CLAUSE_RE.match(c):\n", f"        {OFF}\n"),
    (
        "record: target years out of range accepted",
        "        or not 2000 <= target_year <= 2100\n",
        "        or False\n",
    ),
    (
        "record: target year 2100 refused",
        "        or not 2000 <= target_year <= 2100\n",
        "        or not 2000 <= target_year < 2100\n",
    ),
    (
        "record: an adcode on a line or point accepted",
        'if "adcode" in record and ldef.geometry != "Polygon":',
        OFF,
    ),
    (
        "record: a stub line of any precision",
        "        if precision != INDICATIVE:\n",
        f"        {OFF}\n",
    ),
    ("record: a line of one place accepted", "if len(via) < 2:", "if len(via) < 1:"),
    (
        "record: a place repeated consecutively accepted",
        "            if a == b:\n",
        f"            {OFF}\n",
    ),
    (
        "record: adcodes not checked",
        "if not isinstance(raw_code, str) or not _ADCODE_RE.match(raw_code):",
        "if not isinstance(raw_code, str):",
    ),
    (
        "record: an adcode polygon of any precision",
        "        if precision != PROGRAMME_EXTENT:\n",
        f"        {OFF}\n",
    ),
    ("record: a ring of repeated places accepted", "if len(set(ring)) < 3:", "if len(ring) < 3:"),
    (
        "record: area_km2 of 5000 or more accepted",
        "or not 0 < raw < 5000:",
        "or not 0 < raw:",
    ),
    (
        "record: area_km2 of 0 accepted",
        "or not 0 < raw < 5000:",
        "or not 0 <= raw < 5000:",
    ),
    (
        "record: a boolean area_km2 accepted",
        "if isinstance(raw, bool) or not isinstance(raw, int | float)",
        "if not isinstance(raw, int | float)",
    ),
    ("record: unknown places accepted", "        if pid_ not in places:\n", f"        {OFF}\n"),
    (
        "record: an unknown place always blamed on 'at'",
        '                "via" if via else "ring" if ring else "at",\n'
        '                f"unknown place',
        '                "at",\n                f"unknown place',
    ),
    (
        "record: replaces not checked",
        "if replaces is not None and not (isinstance(replaces, str) and ID_RE.match(replaces)):",
        OFF,
    ),
    (
        "record: a network precision without its ids",
        "            if precision == wanted:\n",
        f"            {OFF}\n",
    ),
    ("record: an empty list of network ids accepted", "        if not ids:\n", f"        {OFF}\n"),
    ("record: bad network ids accepted", "        if bad:\n", f"        {OFF}\n"),
    (
        "record: repeated network ids accepted",
        "        if len(set(ids)) != len(ids):\n",
        f"        {OFF}\n",
    ),
    (
        "record: network ids on a point or a stub",
        'if geometry != "LineString" or "via" not in record:',
        'if geometry != "LineString":',
    ),
    (
        "record: network ids with any precision",
        "        if precision != wanted:\n",
        f"        {OFF}\n",
    ),
    (
        "record: realised_by without progress 'built'",
        'if realised_by and progress != "built":',
        OFF,
    ),
    (
        "record: unknown progress accepted",
        'progress = chk.choice("progress", vocab.progress)',
        'progress = chk.text("progress")',
    ),
    (
        "record: progress years out of range accepted",
        "or not 2000 <= year <= 2100\n",
        "or False\n",
    ),
    (
        "record: progress without a source",
        "if progress != UNKNOWN_PROGRESS and source is None:",
        OFF,
    ),
    ("record: a progress year without a source", "if year is not None and source is None:", OFF),
    (
        "record: errors without the file",
        "return CatalogueError(message, file=self.file, record=self.rid, field=field)",
        "return CatalogueError(message, file=None, record=self.rid, field=field)",
    ),
    (
        "record: errors without the record",
        "return CatalogueError(message, file=self.file, record=self.rid, field=field)",
        "return CatalogueError(message, file=self.file, record=None, field=field)",
    ),
    (
        "record: errors without the field",
        "return CatalogueError(message, file=self.file, record=self.rid, field=field)",
        "return CatalogueError(message, file=self.file, record=self.rid, field=None)",
    ),
    (
        "record: a record without an id not named by its position",
        'self.rid = rid if isinstance(rid, str) and rid else f"#{position} (no id)"',
        'self.rid = rid if isinstance(rid, str) and rid else "(no id)"',
    ),
)

VOCAB += _module(
    "geo/catalogue/_vocab_schema.py",
    "tests/test_catalogue_vocab_schema.py",
    ("vocab: status names not checked", '        chk.name(name, name, "status", "status")\n', ""),
    (
        "vocab: precision names not checked",
        '        chk.name(name, name, "precision", "precision")\n',
        "",
    ),
    (
        "vocab: progress names not checked",
        '        chk.name(name, name, "progress", "progress")\n',
        "",
    ),
    ("vocab: layer names not checked", '        chk.name(name, name, "layer", "layer")\n', ""),
    ("vocab: kind names not checked", '            chk.name(kind, name, "kinds", "kind")\n', ""),
    (
        "vocab: status titles not unique",
        'chk.unique(titles[lang], chk.text(spec, name, lang), name, lang, "title")',
        "chk.text(spec, name, lang)",
    ),
    (
        "vocab: precision titles not unique",
        'chk.unique(titles, chk.text(spec, name, "en"), name, "en", "title")',
        'chk.text(spec, name, "en")',
    ),
    (
        "vocab: layer titles not unique",
        'chk.unique(titles[lang], chk.text(spec, name, lang), name, lang, "layer title")',
        "chk.text(spec, name, lang)",
    ),
    ("vocab: a precision's zh not checked", '        chk.text(spec, name, "zh")\n', ""),
    ("vocab: progress titles not checked", "            chk.text(spec, name, key)\n", ""),
    ("vocab: dash not checked", '        chk.choice(spec, name, "dash", DASHES)\n', ""),
    (
        "vocab: density_tier not checked",
        '        chk.choice(spec, name, "density_tier", DENSITY_TIERS)\n',
        "",
    ),
    (
        "vocab: density_tier optional",
        '("zh", "en", "dash", "opacity", "density_tier"),\n        )',
        '("zh", "en", "dash", "opacity"),\n        )',
    ),
    (
        "vocab: density_widening not checked",
        '            chk.boolean(spec, name, "density_widening")\n',
        "            pass\n",
    ),
    ("vocab: schematic not checked", '        chk.boolean(spec, name, "schematic")\n', ""),
    (
        "vocab: geometry not checked",
        '        chk.choice(spec, name, "geometry", GEOMETRY_TYPES)\n',
        "",
    ),
    ("vocab: chapter not checked", '        chk.choice(spec, name, "chapter", CHAPTERS)\n', ""),
    (
        "vocab: kinds not required to be a table",
        'kinds = chk.table(spec["kinds"], name, "kinds")',
        'kinds = spec["kinds"]',
    ),
    (
        "vocab: density not checked",
        '        if "density" in spec:\n            _density(',
        "        if False:\n            _density(",
    ),
    ("vocab: the progress section not checked", '    if "progress" in doc:\n', "    if False:\n"),
)

_BOTH = ("tests/test_catalogue_record.py", "tests/test_catalogue_plausible.py")
RECORD += [
    Mutation(name, "geo/catalogue/_record.py", old, new, tests)
    for name, old, new, tests in (
        (
            "record: layers not checked",
            'layer = chk.choice("layer", vocab.layers)',
            'layer = chk.text("layer")',
            _BOTH[:1],
        ),
        (
            "record: kinds not checked",
            'kind = chk.choice("kind", ldef.kinds)',
            'kind = chk.text("kind")',
            _BOTH[:1],
        ),
        (
            "record: statuses not checked",
            'status = chk.choice("status", vocab.statuses)',
            'status = chk.text("status")',
            _BOTH[:1],
        ),
        (
            "record: precisions not checked",
            'precision = chk.choice("precision", vocab.precisions)',
            'precision = chk.text("precision")',
            _BOTH[:1],
        ),
        (
            "record: geometry fields not checked",
            "    check_geometry_fields(record, ldef.geometry, chk.fail)\n",
            "",
            _BOTH,
        ),
        (
            "record: places not checked for plausibility",
            "    check_places(\n",
            "    (lambda *a, **k: None)(\n",
            _BOTH,
        ),
        (
            "record: rings not checked",
            "        check_ring(ring, places, fail=chk.fail)\n",
            "        pass\n",
            _BOTH,
        ),
        (
            "record: implausible places always blamed on 'at'",
            '        field="via" if via else "ring" if ring else "at",\n        line=bool(via),',
            '        field="at",\n        line=bool(via),',
            _BOTH,
        ),
        (
            "record: lines checked as points",
            "        line=bool(via),\n",
            "        line=False,\n",
            _BOTH,
        ),
    )
]

PLAUSIBLE = _module(
    "geo/catalogue/_plausible.py",
    "tests/test_catalogue_plausible.py",
    (
        "plausible: geometry fields of another geometry accepted",
        "        if key in record and key not in allowed:\n",
        f"        {OFF}\n",
    ),
    (
        "plausible: places far from Hefei accepted",
        "        if far > MAX_FROM_HEFEI_KM:\n",
        f"        {OFF}\n",
    ),
    (
        "plausible: only a line's first place checked for distance from Hefei",
        "    for pid in ids:\n        far",
        "    for pid in ids[:1]:\n        far",
    ),
    ("plausible: lines not checked", "    if not line:\n        return\n", "    return\n"),
    (
        "plausible: zero-length stretches accepted",
        "        if d * 1000.0 < MIN_SEGMENT_M:\n",
        f"        {OFF}\n",
    ),
    ("plausible: places 20 m apart refused", "MIN_SEGMENT_M = 10.0", "MIN_SEGMENT_M = 25.0"),
    (
        "plausible: overlong stretches accepted",
        "        if d > MAX_SEGMENT_KM:\n",
        f"        {OFF}\n",
    ),
    ("plausible: overlong lines accepted", "    if total > MAX_LINE_KM:\n", f"    {OFF}\n"),
    (
        "plausible: a line's length is its last stretch",
        "        total += d\n",
        "        total = d\n",
    ),
    (
        "plausible: only the first stretch checked",
        "    for a, b in pairwise(ids):\n",
        "    for a, b in list(pairwise(ids))[:1]:\n",
    ),
    (
        "plausible: degenerate rings accepted",
        "    if ring.area <= 0 or not ring.is_valid:\n",
        f"    {OFF}\n",
    ),
    (
        "plausible: rings crossing themselves accepted",
        "    if ring.area <= 0 or not ring.is_valid:\n",
        "    if ring.area <= 0:\n",
    ),
)

GAZETTEER = _module(
    "geo/catalogue/_gazetteer.py",
    "tests/test_catalogue_gazetteer.py",
    (
        "gazetteer: empty values accepted",
        "            if row.get(col) is None or not str(row[col]).strip():\n",
        f"            {OFF}\n",
    ),
    (
        "gazetteer: blank values accepted",
        "            if row.get(col) is None or not str(row[col]).strip():\n",
        "            if row.get(col) is None or not str(row[col]):\n",
    ),
    ("gazetteer: ids not checked", "        if not ID_RE.match(pid):\n", f"        {OFF}\n"),
    ("gazetteer: duplicate ids accepted", "        if pid in places:\n", f"        {OFF}\n"),
    (
        "gazetteer: unknown datums accepted",
        "        datum = strict_choice(\n",
        '        datum = _datum_key(row["datum"]) or strict_choice(\n',
    ),
    (
        "gazetteer: datums spelt with a hyphen refused",
        'return text.strip().upper().replace("-", "")',
        "return text.strip().upper()",
    ),
    ("gazetteer: datums compared as written", "            fold=_datum_key,\n", ""),
    (
        "gazetteer: coordinates outside China accepted",
        "            if not low <= value <= high:\n",
        f"            {OFF}\n",
    ),
    (
        "gazetteer: China's western and southern edges refused",
        "            if not low <= value <= high:\n",
        "            if not low < value <= high:\n",
    ),
    (
        "gazetteer: latitudes not checked",
        'for name, value, (low, high) in (("lon", lon, CHINA_LON), ("lat", lat, CHINA_LAT)):',
        'for name, value, (low, high) in (("lon", lon, CHINA_LON),):',
    ),
    (
        "gazetteer: any accuracy accepted",
        "        if not 0 < accuracy <= MAX_ACCURACY_M:\n",
        f"        {OFF}\n",
    ),
    (
        "gazetteer: accuracy over 100 km accepted",
        "        if not 0 < accuracy <= MAX_ACCURACY_M:\n",
        "        if not 0 < accuracy:\n",
    ),
    (
        "gazetteer: accuracy 0 accepted",
        "        if not 0 < accuracy <= MAX_ACCURACY_M:\n",
        "        if not 0 <= accuracy <= MAX_ACCURACY_M:\n",
    ),
    (
        "gazetteer: GCJ-02 not converted",
        "        w_lon, w_lat = to_wgs84(lon, lat, datum=datum)\n",
        "        w_lon, w_lat = lon, lat\n",
    ),
    (
        "gazetteer: a place without an id not named by its line",
        'record = pid or f"line {line}"',
        "record = pid",
    ),
    (
        "gazetteer: lines counted from the header",
        "    for line, row in enumerate(rows, start=2):\n",
        "    for line, row in enumerate(rows, start=1):\n",
    ),
    (
        "gazetteer: numbers without their column",
        'lat = strict_float(row["lat"], file=path, record=record, field="lat")',
        'lat = strict_float(row["lat"], file=path, record=record, field="lon")',
    ),
)

REFERENCE = _module(
    "geo/catalogue/_reference.py",
    "tests/test_catalogue_reference.py",
    ("reference: unknown ids accepted", "        if ref not in known:\n", f"        {OFF}\n"),
    (
        "reference: replaces not checked",
        '("replaces", (p.replaces,) if p.replaces else ()),',
        '("replaces", ()),',
    ),
    (
        "reference: realised_by not checked",
        '("realised_by", p.realised_by),',
        '("realised_by", ()),',
    ),
    ("reference: along not checked", '("along", p.along),', '("along", ()),'),
    ("reference: nothing checked", "    if not wanted:\n        return\n", "    return\n"),
    (
        "reference: a malformed reference file escapes as KeyError",
        "except (OSError, ValueError, KeyError, TypeError) as exc:",
        "except (OSError, ValueError) as exc:",
    ),
    (
        "reference: errors name the folder, not the file",
        "file=directory / p.file,",
        "file=directory,",
    ),
    ("reference: errors without the record", "record=p.id,", "record=None,"),
    ("reference: errors without the field", "field=name,", "field=None,"),
)

LOAD = _module(
    "geo/catalogue/_load.py",
    "tests/test_catalogue_load.py",
    ("load: a missing folder not said", "    if not directory.is_dir():\n", f"    {OFF}\n"),
    (
        "load: an unreadable plan escapes as OSError",
        "        except OSError as exc:\n",
        "        except KeyError as exc:\n",
    ),
    ("load: no chapter files accepted", "    if not files:\n", f"    {OFF}\n"),
    (
        "load: style, fields or metadata read as chapters",
        'NOT_CHAPTERS = ("vocab.toml", "style.toml", "fields.toml", "metadata.toml")',
        'NOT_CHAPTERS = ("vocab.toml",)',
    ),
    (
        "load: unknown top-level keys accepted",
        'unknown = sorted(set(doc) - {"project"})',
        "unknown = []",
    ),
    (
        "load: 'project' not an array accepted",
        "        if not isinstance(records, list):\n",
        f"        {OFF}\n",
    ),
    (
        "load: a chapter file without records accepted",
        "        if not records:\n",
        f"        {OFF}\n",
    ),
    (
        "load: a record not a table accepted",
        "            if not isinstance(record, Mapping):\n",
        f"            {OFF}\n",
    ),
    (
        "load: duplicate ids accepted",
        "            if project.id in seen:\n",
        f"            {OFF}\n",
    ),
    (
        "load: records checked without the plan",
        "record, file=path, position=position, vocab=vocab, places=places, plan=plan_text",
        "record, file=path, position=position, vocab=vocab, places=places, plan=None",
    ),
    (
        "load: records told the wrong file",
        "record, file=path, position=position, vocab=vocab, places=places, plan=plan_text",
        "record, file=directory, position=position, vocab=vocab, places=places, plan=plan_text",
    ),
    ("load: reference ids not checked", "    check_network_refs(projects, directory)\n", ""),
    (
        "load: a duplicate id names the first file",
        "seen[project.id] = path.name",
        "seen.setdefault(project.id, files[0].name)",
    ),
)

STRICT = _module(
    "geo/_strict.py",
    "tests/test_strict.py",
    (
        "strict: a missing file escapes as FileNotFoundError",
        "    except FileNotFoundError as exc:\n",
        "    except KeyError as exc:\n",
    ),
    (
        "strict: a folder escapes as IsADirectoryError",
        "    except IsADirectoryError as exc:\n",
        "    except KeyError as exc:\n",
    ),
    (
        "strict: an unreadable file escapes as OSError",
        '    except OSError as exc:\n        raise CatalogueError(f"cannot read the file',
        '    except KeyError as exc:\n        raise CatalogueError(f"cannot read the file',
    ),
    ("strict: a byte-order mark accepted", "    if raw.startswith(_BOM):\n", f"    {OFF}\n"),
    ("strict: an empty file accepted", "    if not raw.strip():\n", f"    {OFF}\n"),
    ("strict: a blank file accepted", "    if not raw.strip():\n", "    if not raw:\n"),
    (
        "strict: not UTF-8 escapes as UnicodeDecodeError",
        "    except UnicodeDecodeError as exc:\n",
        "    except KeyError as exc:\n",
    ),
    ("strict: a truncated file accepted", '    if not raw.endswith(b"\\n"):\n', f"    {OFF}\n"),
    (
        "strict: malformed TOML escapes as TOMLDecodeError",
        "    except tomllib.TOMLDecodeError as exc:\n",
        "    except KeyError as exc:\n",
    ),
    (
        "strict: unreadable CSV escapes as csv.Error",
        "    except csv.Error as exc:\n",
        "    except KeyError as exc:\n",
    ),
    ("strict: missing columns accepted", "    if missing:\n", f"    {OFF}\n"),
    (
        "strict: missing columns not named",
        "            file=path,\n            field=missing[0],\n",
        "            file=path,\n",
    ),
    ("strict: a header without rows accepted", "    if not rows:\n", f"    {OFF}\n"),
    ("strict: extra values accepted", "        if None in row:\n", f"        {OFF}\n"),
    (
        "strict: lines counted from the header",
        "    for line, row in enumerate(rows, start=2):\n",
        "    for line, row in enumerate(rows, start=1):\n",
    ),
    ("strict: any number syntax accepted", "    if not _NUMBER_RE.match(text):\n", f"    {OFF}\n"),
    (
        "strict: non-ASCII digits accepted",
        '?$", re.ASCII)',
        '?$")',
    ),
    (
        "strict: no full-width hint",
        "        if folded != text and _NUMBER_RE.match(folded):\n",
        f"        {OFF}\n",
    ),
    ("strict: no underscore hint", '        elif "_" in text:\n', "        elif False:\n"),
    ("strict: infinite numbers accepted", "    if not math.isfinite(number):\n", f"    {OFF}\n"),
    (
        "strict: numbers without their field",
        'f"expected a number, got {text!r}; {hint}", file=file, record=record, field=field',
        'f"expected a number, got {text!r}; {hint}", file=file, record=record, field=None',
    ),
    (
        "strict: any choice accepted",
        "    if not isinstance(chosen, str) or chosen not in choices:\n",
        f"    {OFF}\n",
    ),
    (
        "strict: a choice of another type looked up",
        "    if not isinstance(chosen, str) or chosen not in choices:\n",
        "    if chosen not in choices:\n",
    ),
    (
        "strict: choices not folded",
        "    chosen = fold(value) if fold is not None and isinstance(value, str) else value\n",
        "    chosen = value\n",
    ),
    (
        "strict: a refused choice shown folded",
        'f"{value!r} is not {what}; use one of',
        'f"{chosen!r} is not {what}; use one of',
    ),
    (
        "strict: a refused choice without the choices",
        "is not {what}; use one of {', '.join(choices)}\"",
        'is not {what}"',
    ),
    (
        "strict: a refused choice without its file",
        "            file=file,\n",
        "            file=None,\n",
    ),
    (
        "strict: a refused choice without its record",
        "            record=record,\n",
        "            record=None,\n",
    ),
    (
        "strict: a refused choice without its field",
        "            field=field,\n",
        "            field=None,\n",
    ),
)

STYLE = _module(
    "geo/style/_read.py",
    "tests/test_style.py",
    (
        "style: point fills not checked",
        "    strict_choice(fill, POINT_FILLS,",
        "    0 and strict_choice(fill, POINT_FILLS,",
    ),
    (
        "style: markings not checked",
        "    strict_choice(marking, allowed,",
        "    0 and strict_choice(marking, allowed,",
    ),
    (
        "style: every marking allowed for precision and progress",
        "strict_choice(marking, allowed,",
        "strict_choice(marking, MARKINGS,",
    ),
    (
        "style: marking legend keys not checked",
        "        strict_choice(\n            key, MARKINGS[1:],",
        "        0 and strict_choice(\n            key, MARKINGS[1:],",
    ),
)

MUTATIONS: list[Mutation] = [
    *VOCAB,
    *RECORD,
    *PLAUSIBLE,
    *GAZETTEER,
    *REFERENCE,
    *LOAD,
    *STRICT,
    *STYLE,
]


if __name__ == "__main__":
    sys.exit(
        main(
            MUTATIONS,
            description=(__doc__ or "").splitlines()[0],
            what="catalogue loader",
            prefix="mutate-validation-",
        )
    )
