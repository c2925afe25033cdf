"""Refuse an existing network that would give quiet zeros: bad coordinates or nothing in Hefei."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.errors import NetworkSourceError
from geo.measure import to_storage_crs

__all__ = ["check_network"]


def _feature(net: gpd.GeoDataFrame, index: int) -> str:
    if "id" in net.columns:
        return f"feature {str(net['id'].iloc[index])[:60]!r}"
    return f"feature #{index + 1}"


def check_network(
    net: gpd.GeoDataFrame, *, source: str, area: gpd.GeoDataFrame | None = None
) -> None:
    """Check a loaded network (EPSG:4326) before density is computed from it.

    Parameters
    ----------
    net : geopandas.GeoDataFrame
        As :func:`geo.network.load_network` returns.
    source : str
        What to call it in messages (the file name).
    area : geopandas.GeoDataFrame, optional
        The areas densities are computed for (with a CRS); default Hefei.

    Raises
    ------
    NetworkSourceError
        A coordinate that is not a finite lon/lat (NaN, or projected metres
        labelled EPSG:4326), or no line inside Hefei's boundary.
    """
    from geo import admin

    what = f"network {source!r}"
    if net.empty:
        raise NetworkSourceError(f"{what} holds no lines; give a file with rail/expressway lines")
    geoms = net.geometry.values
    xy, row = shapely.get_coordinates(geoms, return_index=True)  # every line at once
    nan = np.logical_not(np.isfinite(xy).all(axis=1))
    off = (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)
    if nan.any() or off.any():
        index = int(row[np.flatnonzero(nan | off)[0]])  # the first feature with either
        if nan[row == index].any():
            raise NetworkSourceError(
                f"{what}, {_feature(net, index)}: a coordinate is not a number (NaN or inf); "
                "fix or remove the feature"
            )
        bad = xy[off & (row == index)][0]
        raise NetworkSourceError(
            f"{what}, {_feature(net, index)}: coordinate ({bad[0]:.6g}, {bad[1]:.6g}) is not "
            "lon/lat; the file's CRS is wrong (projected metres labelled EPSG:4326?); "
            "declare the real CRS"
        )
    where = "Hefei" if area is None else "the area"
    zone = admin.boundary() if area is None else to_storage_crs(area, name="area")
    city = zone.geometry.union_all()
    shapely.prepare(city)
    if not shapely.intersects(city, geoms).any():
        x0, y0, x1, y1 = (round(float(v), 4) for v in net.total_bounds)
        raise NetworkSourceError(
            f"{what}: none of its {len(net)} lines lies inside {where} (its bounds are "
            f"{x0}, {y0} .. {x1}, {y1} lon/lat); densities would all be zero; give a network "
            f"that covers {where}, in the CRS it declares"
        )
