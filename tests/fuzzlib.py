"""A small seeded mutation fuzzer for the catalogue's files (TOML, CSV, GeoJSON).

Each mutation says whether the result must be refused ("bad": an empty,
BOM-marked, truncated or garbage file, a value of the wrong type or an
implausible value) or may be either ("any": a random character edit).
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k, ensure_ascii=False)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def dump_toml(doc: dict[str, Any]) -> str:
    """Write a parsed TOML document back (tables as sections, arrays of tables as [[x]])."""
    out: list[str] = []

    def table(prefix: str, tab: dict[str, Any]) -> None:
        subs = []
        for k, v in tab.items():
            if (isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values())) or (
                isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
            ):
                subs.append((k, v))
            else:
                out.append(f"{_key(k)} = {_value(v)}")
        for k, v in subs:
            name = f"{prefix}.{_key(k)}" if prefix else _key(k)
            if isinstance(v, list):
                for item in v:
                    out.append(f"\n[[{name}]]")
                    table(name, item)
            else:
                for sub, item in v.items():
                    out.append(f"\n[{name}.{_key(sub)}]")
                    table(f"{name}.{_key(sub)}", item)

    table("", doc)
    return "\n".join(out).lstrip("\n") + "\n"


@dataclass(frozen=True)
class Mutant:
    """One mutated file: its bytes, what was done, and whether it must be refused."""

    data: bytes
    what: str
    bad: bool


BAD_VALUES: list[Any] = [
    "",
    "   ",
    7,
    -1,
    0,
    1e12,
    float("nan"),
    True,
    "false",
    [],
    ["x"],
    {"a": 1},
    "a" * 100_000,
    "../../evil",
    "３１.５",
    "3_1.5",
]


def _text_mutations(rng: random.Random, data: bytes) -> Mutant:
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    op = rng.choice(["empty", "bom", "truncate", "garbage", "char", "dropline", "dupline"])
    if op == "empty":
        return Mutant(b"", "empty file", True)
    if op == "bom":
        return Mutant(b"\xef\xbb\xbf" + data, "BOM", True)
    if op == "truncate":
        cut = rng.randrange(1, max(2, len(data) // 2))
        return Mutant(data[:cut], f"truncated at byte {cut}", False)
    if op == "garbage":
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        return Mutant(junk, "garbage bytes", True)
    if op == "char":
        pos = rng.randrange(len(text))
        ch = rng.choice([*list("\"'[]{}=,._-#\n\\0123456789xZ"), "\x00", "３", "\u3000", "\ufeff"])
        return Mutant((text[:pos] + ch + text[pos + 1 :]).encode(), f"char {ch!r} at {pos}", False)
    if op == "dropline" and lines:
        i = rng.randrange(len(lines))
        return Mutant("".join(lines[:i] + lines[i + 1 :]).encode(), f"dropped line {i + 1}", False)
    i = rng.randrange(len(lines))
    return Mutant("".join(lines[: i + 1] + lines[i:]).encode(), f"duplicated line {i + 1}", False)


def mutate_text(rng: random.Random, data: bytes) -> Mutant:
    """A byte/line-level mutation of any text file."""
    return _text_mutations(rng, data)


def mutate_catalogue(rng: random.Random, data: bytes) -> Mutant:
    """A field-level mutation of a chapter file: a wrong value where a field was."""
    import tomllib

    doc = tomllib.loads(data.decode("utf-8"))
    records = doc["project"]
    rec = rng.choice(records)
    field = rng.choice(sorted(rec))
    value = rng.choice(BAD_VALUES)
    if field == "note" and isinstance(value, str) and len(value) < 2000 and value.strip():
        value = 7
    if field == "target_year" and value == 0:
        value = -1
    rec[field] = value
    what = f"{rec.get('id')!s:.30}.{field} = {value!r:.30}"
    return Mutant(dump_toml(doc).encode(), what, _must_refuse(field, value))


_TEXT_LIMITS = {"name_zh": 200, "name_en": 200, "note": 2000, "quote": 80}


def _must_refuse(field: str, value: Any) -> bool:
    """Whether a catalogue field holding ``value`` must be refused.

    Free text (names, note, quote) may hold any non-empty one-line string within its
    limit (the plan check of name_zh and quote needs the plan text, which CI may
    not have); an id any lowercase identifier; area_km2 any number in (0, 5000).
    """
    if field in _TEXT_LIMITS:
        return not (isinstance(value, str) and value.strip() and len(value) <= _TEXT_LIMITS[field])
    if field == "id":
        return not (isinstance(value, str) and re.match(r"^[a-z0-9_]{1,64}$", value))
    if field == "area_km2":
        return isinstance(value, bool) or not (isinstance(value, int | float) and 0 < value < 5000)
    return True


def mutate_vocab(rng: random.Random, data: bytes) -> Mutant:
    """A key-level mutation of vocab.toml: a wrong type or value for a key that has one."""
    import tomllib

    doc = tomllib.loads(data.decode("utf-8"))
    section = rng.choice(["status", "precision", "layer"])
    name = rng.choice(sorted(doc[section]))
    entry = doc[section][name]
    key = rng.choice(sorted(entry))
    wrong: dict[str, list[Any]] = {
        "zh": [7, "", [], True],
        "en": [7, "", {"x": 1}],
        "dash": ["zigzag", 1, ""],
        "opacity": ["half", 7, -0.1, 0, True],
        "density_tier": ["someday", 3, ""],
        "density_widening": ["yes", 1],
        "schematic": ["false", 0, "true"],
        "geometry": ["Curve", 1],
        "chapter": ["sport", ""],
        "kinds": [{}, ["a"], {"bad kind": ["a", "b", "#000000"]}, {"x": ["a", "b", "red"]}],
        "density": [7, {"nonexistent": "rail"}, ["rail"]],
    }
    value = rng.choice(wrong.get(key, BAD_VALUES))
    entry[key] = value
    return Mutant(dump_toml(doc).encode(), f"{section}.{name}.{key} = {value!r:.30}", True)


def mutate_gazetteer(rng: random.Random, data: bytes) -> Mutant:
    """A cell-level mutation of the gazetteer: a wrong number or an empty cell."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    row = rng.choice(body)
    column = rng.choice(["lon", "lat", "accuracy_m", "datum", "id"])
    col = header.index(column)
    choices = {
        "lon": ["", "3_1.5", "１１７.２", "nan", "1e9", "abc", "-117.2"],
        "lat": ["", "3_1.5", "３１.５", "inf", "91", "x"],
        "accuracy_m": ["-5", "0", "", "1_000", "ten"],
        "datum": ["", "NAD27", "7"],
        "id": ["", "Bad Id", "../x"],
    }
    row[col] = rng.choice(choices[column])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    return Mutant(buf.getvalue().encode(), f"{row[0]!s:.20}.{column} = {row[col]!r}", True)


def mutate_network(rng: random.Random, data: bytes) -> Mutant:
    """A coordinate- or structure-level mutation of a GeoJSON network."""
    doc = json.loads(data)
    feats = doc["features"]
    op = rng.choice(["nan", "projected", "outside", "nofeatures", "nogeom", "mode"])
    f = rng.choice(feats)
    if op == "nan":
        f["geometry"]["coordinates"][0][1] = float("nan")
        return Mutant(json.dumps(doc).encode(), "NaN coordinate", True)
    if op == "projected":
        for g in feats:
            g["geometry"]["coordinates"] = [
                [x * 1e5, y * 1e5] for x, y in g["geometry"]["coordinates"]
            ]
        return Mutant(json.dumps(doc).encode(), "projected metres labelled lon/lat", True)
    if op == "outside":
        for g in feats:
            g["geometry"]["coordinates"] = [
                [x - 20, y - 5] for x, y in g["geometry"]["coordinates"]
            ]
        return Mutant(json.dumps(doc).encode(), "network outside Hefei", True)
    if op == "nofeatures":
        doc["features"] = []
        return Mutant(json.dumps(doc).encode(), "no features", True)
    if op == "nogeom":
        for g in feats:
            g["geometry"] = None
        return Mutant(json.dumps(doc).encode(), "no geometries", True)
    for g in feats:
        g["properties"]["mode"] = rng.choice(["ship", "", 7])
    return Mutant(json.dumps(doc).encode(), "unknown mode", True)


Mutator = Callable[[random.Random, bytes], Mutant]
