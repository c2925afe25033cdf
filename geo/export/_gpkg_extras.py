"""GeoPackage tables GDAL does not write for us: schema (data dictionary) and metadata.

Applied with :mod:`sqlite3` to a GeoPackage GDAL has finished writing:

* ``gpkg_data_columns`` (every column of every layer: name = QGIS alias, title,
  bilingual description, constraint) and ``gpkg_data_column_constraints``
  (``enum`` rows of the vocabularies), registered as the ``gpkg_schema`` extension;
* ``gpkg_metadata`` + ``gpkg_metadata_reference`` (one QGIS metadata document per
  layer, scope ``table``, and one for the whole file, scope ``geopackage``),
  registered as the ``gpkg_metadata`` extension;
* ``gpkg_contents.last_change`` = the date of the data.

The table definitions are those of the GeoPackage 1.2 specification (annexes
F.8 and F.9), which GDAL's ``validate_gpkg.py`` checks column by column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ColumnRow", "ConstraintRow", "MetadataRow", "add_schema_and_metadata"]

QGIS_METADATA_URI = "http://mrcc.com/qgis.dtd"
"""``md_standard_uri`` of QGIS' own layer metadata documents."""

_DDL = (
    "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, "
    "column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, "
    "constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
    "CONSTRAINT gdc_tn UNIQUE (table_name, name))",
    "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, "
    "constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, "
    "max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, "
    "CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))",
    "CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC "
    "NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, "
    "mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, "
    "table_name TEXT, column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL "
    "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, "
    "md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES "
    "gpkg_metadata(id), CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES "
    "gpkg_metadata(id))",
)
_EXTENSIONS = (
    ("gpkg_data_columns", "gpkg_schema", "http://www.geopackage.org/spec/#extension_schema"),
    (
        "gpkg_data_column_constraints",
        "gpkg_schema",
        "http://www.geopackage.org/spec/#extension_schema",
    ),
    ("gpkg_metadata", "gpkg_metadata", "http://www.geopackage.org/spec/#extension_metadata"),
    (
        "gpkg_metadata_reference",
        "gpkg_metadata",
        "http://www.geopackage.org/spec/#extension_metadata",
    ),
)


@dataclass(frozen=True)
class ColumnRow:
    """One row of ``gpkg_data_columns``."""

    table_name: str
    column_name: str
    name: str
    title: str
    description: str
    constraint_name: str | None


@dataclass(frozen=True)
class ConstraintRow:
    """One ``enum`` row of ``gpkg_data_column_constraints``."""

    constraint_name: str
    value: str
    description: str


@dataclass(frozen=True)
class MetadataRow:
    """A QGIS metadata document and the table it describes (``None``: the whole file)."""

    table_name: str | None
    document: str


def add_schema_and_metadata(
    path: Path,
    *,
    columns: Sequence[ColumnRow],
    constraints: Sequence[ConstraintRow],
    metadata: Sequence[MetadataRow],
    timestamp: str,
) -> None:
    """Add the data dictionary and metadata tables to a finished GeoPackage.

    Parameters
    ----------
    path : Path
        The GeoPackage (written by GDAL, closed).
    columns, constraints, metadata
        The rows to write, in the order given (deterministic output).
    timestamp : str
        ``YYYY-MM-DDTHH:MM:SS.SSSZ``: ``gpkg_contents.last_change`` and the
        metadata references' ``timestamp``.
    """
    con = sqlite3.connect(path)
    try:
        with con:
            for ddl in _DDL:
                con.execute(ddl)
            for table, extension, definition in _EXTENSIONS:
                exists = con.execute(
                    "SELECT 1 FROM gpkg_extensions WHERE table_name = ? AND extension_name = ?",
                    (table, extension),
                ).fetchone()
                if exists is None:
                    con.execute(
                        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, "
                        "definition, scope) VALUES (?, NULL, ?, ?, 'read-write')",
                        (table, extension, definition),
                    )
            con.executemany(
                "INSERT INTO gpkg_data_column_constraints (constraint_name, constraint_type, "
                "value, description) VALUES (?, 'enum', ?, ?)",
                [(c.constraint_name, c.value, c.description) for c in constraints],
            )
            con.executemany(
                "INSERT INTO gpkg_data_columns (table_name, column_name, name, title, "
                "description, mime_type, constraint_name) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                [
                    (c.table_name, c.column_name, c.name, c.title, c.description, c.constraint_name)
                    for c in columns
                ],
            )
            for row in metadata:
                cursor = con.execute(
                    "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) "
                    "VALUES ('dataset', ?, 'text/xml', ?)",
                    (QGIS_METADATA_URI, row.document),
                )
                con.execute(
                    "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, "
                    "column_name, row_id_value, timestamp, md_file_id, md_parent_id) "
                    "VALUES (?, ?, NULL, NULL, ?, ?, NULL)",
                    (
                        "table" if row.table_name else "geopackage",
                        row.table_name,
                        timestamp,
                        cursor.lastrowid,
                    ),
                )
            con.execute("UPDATE gpkg_contents SET last_change = ?", (timestamp,))
    finally:
        con.close()
