"""The existing rail and road network, from pluggable sources.

Every source gives the same GeoDataFrame of lines in EPSG:4326 (``x=lon,
y=lat``) with the columns :data:`NETWORK_COLUMNS`:

``id``
    Stable id (``way/123`` for OpenStreetMap ways).
``mode``
    ``"rail"``, ``"expressway"`` or ``"road"`` (any other road class).
``kind``
    Rail: ``high_speed`` (OSM ``highspeed=yes``), the OSM ``usage`` (``main``,
    ``branch``) or ``rail``; expressway: ``motorway``; road: the OSM
    ``highway`` class (``trunk``, ``primary``, ...). Files may give their own.
``name_zh``, ``name_en``, ``ref``
    Names and route number, ``""`` when unknown.
``precision``
    How the geometry was made (``osm_alignment`` for OpenStreetMap).
``source``
    Where the line came from (and its licence).

Sources (:func:`load_network`):

* the embedded reference network ``geo/data/reference/existing_network.geojson``,
  used when nothing else is given;
* any vector file with a CRS (GeoPackage, GeoJSON, shapefile, ...) with a
  ``mode`` column, or OpenStreetMap ``railway``/``highway`` tag columns;
* a local OpenStreetMap file: ``.osm`` XML (also ``.osm.bz2``) read with osmnx,
  ``.osm.pbf`` read with pyosmium;
* online: OpenStreetMap through osmnx's Overpass client, inside a boundary.
  Responses are cached by osmnx when ``osmnx.settings.use_cache`` is true (the
  default) in ``osmnx.settings.cache_folder`` (default ``./cache``).

What is selected from OpenStreetMap
-----------------------------------
Railways are ``railway=rail`` (high-speed lines are ``railway=rail`` too)
without ``service=yard|siding|spur|crossover`` (station and depot tracks are
not route length) and without ``usage=industrial|military|tourism|test``.
Expressways (高速公路) are ``highway=motorway``: in China OpenStreetMap tags
national expressways and provincial expressways as motorway. ``motorway_link``
(ramps and interchange loops) is left out because statistics count route
length, not slip roads; ``trunk`` is left out of expressways because it holds
national highways (国道) and urban expressways (城市快速路), which are not 高速公路,
and is reported as its own road class instead (``mode="road"``). Links of every
class are left out.
"""

from geo.network._frame import MODES, NETWORK_COLUMNS, class_order
from geo.network._load import load_network
from geo.network._online import download_osm
from geo.network._osm import (
    OSM_SOURCE,
    RAIL_EXCLUDED_SERVICE,
    RAIL_EXCLUDED_USAGE,
    classify_osm_tags,
    osm_tag_filter,
)
from geo.network._osm_pbf import read_osm_pbf
from geo.network._osm_xml import read_osm_xml
from geo.network._params import DEFAULT_ROAD_CLASSES, Boundary
from geo.network._vector import read_vector

__all__ = [
    "DEFAULT_ROAD_CLASSES",
    "MODES",
    "NETWORK_COLUMNS",
    "OSM_SOURCE",
    "RAIL_EXCLUDED_SERVICE",
    "RAIL_EXCLUDED_USAGE",
    "Boundary",
    "class_order",
    "classify_osm_tags",
    "download_osm",
    "load_network",
    "osm_tag_filter",
    "read_osm_pbf",
    "read_osm_xml",
    "read_vector",
]
