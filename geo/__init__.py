"""Hefei's Yangtze River Delta integration plan as GIS layers, metrics and maps.

The plan's projects live in human-editable files under ``geo/data/catalogue``;
:mod:`layers` turns them into GeoDataFrames (EPSG:4326), :mod:`geo.export`
writes GeoPackage/shapefile/QGIS outputs, :mod:`geo.density` computes network
density against the plan's 2025 targets and :mod:`geo.maps` renders folium maps.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hefei-infra-map")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
