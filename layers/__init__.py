"""The plan's layers as GeoDataFrames, one per layer, all in EPSG:4326.

Catalogue layers (``rail``, ``rail_station``, ``highway``, ``waterway``,
``port``, ``airport``, ``pipeline``, ``energy_site``, ``powerline``,
``wetland``, ``water_project``, ``water_site``, ``eco_area`` and any layer added to
``geo/data/catalogue/vocab.toml``) have one row per project with the columns

``id``, ``name_zh``, ``name_en``, ``layer``, ``chapter``, ``kind``, ``kind_zh``,
``kind_en``, ``status``, ``status_zh``, ``status_en``, ``clause`` (e.g.
``"(55); 专栏8"``), ``quote`` (verbatim from the plan), ``target_year``
(nullable int), ``precision``, ``schematic`` (bool), ``via`` (place names),
``coord_source``, ``accuracy_m`` (m), ``replaces``, ``realised_by``
(existing-network ids joined by ``"; "``, NULL when none), ``progress``,
``progress_zh``, ``progress_en``, ``progress_year`` (nullable Int32),
``progress_source`` (NULL when none), ``note``, ``source_file``,

then ``length_km`` and ``length_in_hefei_km`` (lines, geodesic km) or
``area_km2`` (polygons, equal-area km²). The base layers (:mod:`layers.base`)
``boundary`` and ``counties`` come from :mod:`geo.admin`; ``existing_network`` is
the embedded reference network of railways and expressways open today
(:mod:`layers.existing_network`), context for the plan, with ``length_km`` and
``length_in_hefei_km`` too.

A catalogue layer is an entry of ``vocab.toml``, built by the same code as every
other: :mod:`layers._catalogue` (rows and columns), :mod:`layers._geometry`
(geometry from the gazetteer), :mod:`layers._sections` (sections of the existing
network) and :mod:`layers._measure` (lengths and areas).

Examples
--------
>>> import layers
>>> rail = layers.load("rail")  # doctest: +SKIP
>>> every = layers.load_all()  # doctest: +SKIP
"""

from __future__ import annotations

import geopandas as gpd

from geo.catalogue import Catalogue, load_catalogue
from geo.errors import ParameterError
from layers._catalogue import CATALOGUE_COLUMNS, catalogue_layer
from layers._measure import MEASURE_COLUMNS
from layers.base import BASE_LAYERS, load_base

__all__ = ["BASE_LAYERS", "CATALOGUE_COLUMNS", "MEASURE_COLUMNS", "layer_names", "load", "load_all"]


def layer_names(*, catalogue: Catalogue | None = None) -> list[str]:
    """All layer names: the base layers, then the catalogue's in ``vocab.toml`` order."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    return [*BASE_LAYERS, *catalogue.vocab.layers]


def load(name: str, *, catalogue: Catalogue | None = None) -> gpd.GeoDataFrame:
    """Load one layer by name.

    Parameters
    ----------
    name : str
        ``"boundary"``, ``"counties"``, ``"existing_network"`` or a catalogue layer.
    catalogue : Catalogue, optional
        A loaded catalogue (default: ``geo/data/catalogue``).

    Returns
    -------
    geopandas.GeoDataFrame
        In EPSG:4326.
    """
    if name in BASE_LAYERS:
        return load_base(name)
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if name not in catalogue.vocab.layers:
        raise ParameterError(
            f"name={name!r} is not a layer; use one of "
            f"{', '.join(layer_names(catalogue=catalogue))}"
        )
    return catalogue_layer(name, catalogue=catalogue)


def load_all(*, catalogue: Catalogue | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Load every layer, keyed by name, base layers first."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    return {name: load(name, catalogue=catalogue) for name in layer_names(catalogue=catalogue)}
