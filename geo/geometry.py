"""Build each catalogue record's geometry from gazetteer places.

Lines run straight between the places listed in ``via`` (so a line with few
places is schematic, and says so in its ``precision``); a line whose route is
unknown (precision ``indicative``) is a short stub at its ``at`` place; points sit on their
``at`` place; polygons follow a ``ring`` of places or, for a schematic area,
are a circle of the stated area around ``at``. All coordinates are WGS84
(``x=lon, y=lat``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pyproj
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo.catalogue import INDICATIVE, Place, Project
from geo.errors import CatalogueError

__all__ = ["STUB_KM", "circle_of_area", "project_geometry", "stub_line"]

_CIRCLE_VERTICES = 48
_GEOD = pyproj.Geod(ellps="WGS84")
STUB_KM = 4.0
"""Length of the east-west stub drawn for a line whose route is unknown."""


def circle_of_area(lon: float, lat: float, area_km2: float) -> Polygon:
    """Return a circle of the given true area around ``(lon, lat)`` as a WGS84 polygon.

    Parameters
    ----------
    lon, lat : float
        Centre, decimal degrees (``x=lon, y=lat``).
    area_km2 : float
        Area in square kilometres, preserved exactly in a local Lambert
        azimuthal equal-area projection centred on the point.

    Returns
    -------
    shapely.Polygon
    """
    laea = pyproj.CRS.from_proj4(
        f"+proj=laea +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m +no_defs"
    )
    back = pyproj.Transformer.from_crs(laea, "EPSG:4326", always_xy=True)
    radius = math.sqrt(area_km2 * 1e6 / math.pi)
    # A regular polygon with this circumradius has slightly less area than the
    # circle; scale the radius so that the polygon's area is exact.
    n = _CIRCLE_VERTICES
    radius *= math.sqrt(math.pi / (n / 2 * math.sin(2 * math.pi / n)))
    angles = [2 * math.pi * i / n for i in range(n)]
    xs = [radius * math.cos(a) for a in angles]
    ys = [radius * math.sin(a) for a in angles]
    lons, lats = back.transform(xs, ys)
    return Polygon(zip(lons, lats, strict=True))


def project_geometry(
    project: Project, places: Mapping[str, Place], *, geometry_type: str
) -> shapely.Geometry:
    """Build the WGS84 geometry of one validated catalogue record.

    Parameters
    ----------
    project : Project
        A record from :func:`geo.catalogue.load_catalogue`.
    places : mapping of str to Place
        The gazetteer.
    geometry_type : {"Point", "LineString", "Polygon"}
        The geometry type of the record's layer.

    Returns
    -------
    shapely.Point, shapely.LineString or shapely.Polygon
    """
    if project.via:
        return LineString([(places[p].lon, places[p].lat) for p in project.via])
    if project.ring:
        ring = Polygon([(places[p].lon, places[p].lat) for p in project.ring])
        return shapely.make_valid(ring) if not ring.is_valid else ring
    if project.at is None:  # pragma: no cover - excluded by validation
        raise CatalogueError(
            "no geometry: give 'via', 'ring' or 'at' (see docs/catalogue.md)",
            file=project.file,
            record=project.id,
            field="at",
        )
    place = places[project.at]
    if project.area_km2 is not None:
        return circle_of_area(place.lon, place.lat, project.area_km2)
    if geometry_type == "LineString" and project.precision == INDICATIVE:
        return stub_line(place.lon, place.lat)
    return Point(place.lon, place.lat)


def stub_line(lon: float, lat: float, *, length_km: float = STUB_KM) -> LineString:
    """Return an east-west line of ``length_km`` centred on ``(lon, lat)``: a marker, not a route.

    Parameters
    ----------
    lon, lat : float
        Centre, decimal degrees (``x=lon, y=lat``).
    length_km : float, default 4
        Length of the stub in kilometres, on the WGS84 ellipsoid.

    Returns
    -------
    shapely.LineString
    """
    # Half the length along the geodesic heading east, mirrored west: a stub on the parallel
    # whose true (ellipsoidal) length is ``length_km``.
    east_lon, _, _ = _GEOD.fwd(lon, lat, 90.0, length_km * 500.0)
    half = east_lon - lon
    return LineString([(lon - half, lat), (lon + half, lat)])
