"""The data dictionary: a title and a description (zh, en) of every output column.

The dictionary is data, in ``geo/data/catalogue/fields.toml`` (one
``[column.<name>]`` table per column name, whatever layer it is in). It feeds:

* the GeoPackages' ``gpkg_data_columns`` and ``gpkg_data_column_constraints``
  (the vocabularies ``status``, ``kind``, ``precision``, ``progress``, ``mode``);
* the field aliases and value maps of the QGIS project and ``.qml`` styles;
* ``fields.csv`` written beside the outputs (:func:`fields_csv`).

>>> from geo.datadict import load_fields
>>> load_fields()["target_year"].unit
'year'
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo._paths import CATALOGUE_DIR
from geo._strict import read_toml
from geo.catalogue import Vocab
from geo.errors import CatalogueError, ParameterError

__all__ = [
    "CONSTRAINTS",
    "FIELDS_CSV_NAME",
    "FIELDS_PATH",
    "TYPES",
    "Field",
    "check_columns",
    "fields_csv",
    "load_fields",
    "value_map",
]

logger = logging.getLogger(__name__)

FIELDS_PATH = CATALOGUE_DIR / "fields.toml"
"""The default dictionary file."""

FIELDS_CSV_NAME = "fields.csv"
"""File name of the dictionary written beside the outputs."""

TYPES = ("text", "integer", "real", "boolean", "geometry")
"""Allowed ``type`` values."""

CONSTRAINTS = ("status", "kind", "precision", "progress", "mode")
"""Vocabularies a column can be constrained to."""

NETWORK_MODES: Mapping[str, tuple[str, str]] = {
    "rail": ("铁路", "railway"),
    "expressway": ("高速公路", "expressway"),
    "road": ("其他道路", "other road"),
}
"""Values of the existing network's ``mode``: zh, en."""


@dataclass(frozen=True)
class Field:
    """One column of the dictionary."""

    name: str
    type: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    unit: str = ""
    constraint: str = ""

    @property
    def alias(self) -> str:
        """QGIS field alias: ``"目标年份 Target year (year)"``."""
        unit = f" ({self.unit})" if self.unit else ""
        return f"{self.title_zh} {self.title_en}{unit}"

    @property
    def description(self) -> str:
        """Bilingual description, Chinese then English."""
        return f"{self.description_zh} / {self.description_en}"


def load_fields(path: str | Path | None = None) -> dict[str, Field]:
    """Load ``fields.toml`` (default :data:`FIELDS_PATH`), column name -> :class:`Field`.

    Raises
    ------
    CatalogueError
        Naming the file, the column and the field that is missing or bad.
    """
    path = Path(path) if path is not None else FIELDS_PATH
    doc = read_toml(path)
    fields: dict[str, Field] = {}
    for name, spec in doc.get("column", {}).items():
        for key in ("title_zh", "title_en", "description_zh", "description_en"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise CatalogueError("missing or empty", file=path, record=name, field=key)
        if spec.get("type") not in TYPES:
            raise CatalogueError(
                f"type={spec.get('type')!r}; use one of {', '.join(TYPES)}",
                file=path,
                record=name,
                field="type",
            )
        constraint = str(spec.get("constraint", ""))
        if constraint and constraint not in CONSTRAINTS:
            raise CatalogueError(
                f"constraint={constraint!r}; use one of {', '.join(CONSTRAINTS)}",
                file=path,
                record=name,
                field="constraint",
            )
        fields[name] = Field(
            name=name,
            type=spec["type"],
            title_zh=spec["title_zh"],
            title_en=spec["title_en"],
            description_zh=spec["description_zh"],
            description_en=spec["description_en"],
            unit=str(spec.get("unit", "")),
            constraint=constraint,
        )
    return fields


def check_columns(
    layer: str, columns: Iterable[str], fields: Mapping[str, Field], *, strict: bool = True
) -> list[Field]:
    """Return the dictionary entries of a layer's columns, in order.

    With ``strict=False`` a column missing from the dictionary is logged as a
    warning and described by its name only (the outputs are still written;
    ``tests/test_datadict.py`` insists on an entry for every real column).

    Raises
    ------
    ParameterError
        ``strict`` only: for a column with no entry in ``fields.toml``.
    """
    out = []
    for column in columns:
        if column not in fields:
            message = (
                f"layers[{layer!r}] column {column!r} is not in the data dictionary; "
                f"add a [column.{column}] table to {FIELDS_PATH}"
            )
            if strict:
                raise ParameterError(message)
            logger.warning("%s", message)
            out.append(Field(column, "text", column, column, "(undocumented)", "(undocumented)"))
            continue
        out.append(fields[column])
    return out


def value_map(
    constraint: str, vocab: Vocab, *, layer: str | None = None
) -> dict[str, tuple[str, str]]:
    """Return the allowed values of a vocabulary: value -> (zh, en); ``{}`` if none.

    ``kind`` needs the catalogue ``layer`` (kinds are per layer); ``progress``
    is empty until ``vocab.toml`` has ``[progress.*]``.
    """
    if constraint == "status":
        return {k: (str(v.get("zh", k)), str(v.get("en", k))) for k, v in vocab.statuses.items()}
    if constraint == "precision":
        return {k: (str(v.get("zh", k)), str(v.get("en", k))) for k, v in vocab.precisions.items()}
    if constraint == "kind":
        if layer is None or layer not in vocab.layers:
            return {}
        return {k: (kd.zh, kd.en) for k, kd in vocab.layers[layer].kinds.items()}
    if constraint == "progress":
        progress = getattr(vocab, "progress", None) or {}
        return {k: (str(v.get("zh", k)), str(v.get("en", k))) for k, v in progress.items()}
    if constraint == "mode":
        return dict(NETWORK_MODES)
    return {}


def fields_csv(layers: Sequence[tuple[str, Sequence[str]]], fields: Mapping[str, Field]) -> str:
    """Render ``fields.csv``: one row per layer x column, with titles, unit and descriptions.

    Parameters
    ----------
    layers : sequence of (layer name, column names)
    fields : mapping of column name to Field
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "layer",
            "column",
            "type",
            "unit",
            "title_zh",
            "title_en",
            "vocabulary",
            "description_zh",
            "description_en",
        ]
    )
    for layer, columns in layers:
        for f in check_columns(layer, columns, fields):
            writer.writerow(
                [
                    layer,
                    f.name,
                    f.type,
                    f.unit,
                    f.title_zh,
                    f.title_en,
                    f.constraint,
                    f.description_zh,
                    f.description_en,
                ]
            )
    return buffer.getvalue()
