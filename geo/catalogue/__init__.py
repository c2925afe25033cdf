"""Read and validate the project catalogue, its vocabularies and the gazetteer.

The catalogue is data (TOML and CSV files under ``geo/data/``, documented in
``docs/catalogue.md``); this package turns it into plain Python objects and
refuses anything malformed with a :class:`~geo.errors.CatalogueError` that
names the file, the record and the field.

Modules: ``_types`` (the record types and constants), ``_vocab`` and
``_vocab_schema`` (``vocab.toml``), ``_gazetteer`` (the gazetteer CSV),
``_record`` and ``_plausible`` (one chapter-file record and its geometry),
``_reference`` (ids of the embedded reference network), ``_load`` (the whole
catalogue). Strict file reading (:mod:`geo._strict`) is shared with the style,
field and metadata files.
"""

from __future__ import annotations

from geo.catalogue._gazetteer import load_gazetteer
from geo.catalogue._load import load_catalogue
from geo.catalogue._reference import reference_network_ids
from geo.catalogue._types import (
    ALONG_CORRIDOR,
    INDICATIVE,
    NETWORK_SECTION,
    PROGRAMME_EXTENT,
    Catalogue,
    KindDef,
    LayerDef,
    Place,
    Project,
    Vocab,
)
from geo.catalogue._vocab import load_vocab
from geo.catalogue._vocab_schema import CHAPTERS, DENSITY_TIERS, GEOMETRY_TYPES

__all__ = [
    "ALONG_CORRIDOR",
    "CHAPTERS",
    "DENSITY_TIERS",
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
