"""The names of the layers the catalogue does not hold, stated once.

They live here, below :mod:`geo.catalogue`, :mod:`layers` and :mod:`geo.export`, so
that all three can import them without a cycle: :mod:`layers.base` makes the base
layers, :mod:`geo.export` adds the orientation layers and the GeoPackage style
table, and the vocabulary's schema (:mod:`geo.catalogue._vocab_schema`) refuses a
catalogue layer that takes any of these names.
"""

from __future__ import annotations

__all__ = [
    "BASE_LAYERS",
    "ORIENTATION_LAYERS",
    "RESERVED_LAYER_NAMES",
    "STYLES_TABLE",
    "orientation_layer",
]

BASE_LAYERS: tuple[str, ...] = ("boundary", "counties", "existing_network")
"""Layers made by :mod:`layers.base`: administrative units and the existing network."""

ORIENTATION_LAYERS: tuple[str, ...] = ("orientation_rivers", "orientation_water")
"""Base layers made from ``geo/data/reference/orientation.geojson`` (added by the writers)."""


def orientation_layer(geom_type: str) -> str:
    """Return the orientation layer a feature of this geometry type goes in.

    Polygons (Chaohu, the lakes) are the water, everything else the rivers; the
    GeoPackage writers and the map split ``orientation.geojson`` by this one rule.

    Parameters
    ----------
    geom_type : str
        A GeoJSON / shapely geometry type name, e.g. ``"LineString"``.

    Examples
    --------
    >>> orientation_layer("MultiPolygon")
    'orientation_water'
    >>> orientation_layer("LineString")
    'orientation_rivers'
    """
    rivers, water = ORIENTATION_LAYERS
    return water if geom_type in ("Polygon", "MultiPolygon") else rivers


STYLES_TABLE = "layer_styles"
"""The GeoPackage table QGIS reads layer styles from."""

RESERVED_LAYER_NAMES: tuple[str, ...] = (*BASE_LAYERS, *ORIENTATION_LAYERS, STYLES_TABLE)
"""Names a catalogue layer cannot take: the built-in layers and the GeoPackage style table."""
