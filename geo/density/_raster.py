"""The polygons on the kernel's grid (private): built once a call, read by every pass.

:func:`rasterise` puts the polygons on a padded square grid
(:class:`geo.density._grid.Grid`): their ring edges
(:func:`geo.density._edges.polygon_edges`), the edges by boundary cell
(:func:`geo.density._edges.edge_cells`), the label rasters
(:func:`geo.density._grid.raster_layers`) and the 2 x 2 block bins
(:func:`geo.density._grid.block_labels`), as one :class:`Raster`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from geo.density._edges import EdgeCells, edge_cells, polygon_edges
from geo.density._grid import Grid, Labels, block_labels, raster_layers

__all__ = ["Raster", "rasterise"]

_PAD = 3
"""Cells of padding on every side of the polygons' bounds: never boundary cells."""


class Raster(NamedTuple):
    """The polygons on the kernel's grid: what every segment is looked up in."""

    grid: Grid
    edges: NDArray[np.float64]
    """Every ring edge ``x0, y0, x1, y1``."""
    edge_owner: NDArray[np.int64]
    """The polygon of each edge."""
    edge_cells: EdgeCells
    """The edges by boundary cell."""
    layers: list[Labels]
    """Label rasters (polygon, ``-1`` outside, ``-2`` boundary), one per layer."""
    blocks: list[Labels]
    """Bins of each cell's 2 x 2 block, per layer (:func:`geo.density._grid.block_labels`)."""


def rasterise(
    polys: NDArray[np.object_], box: tuple[float, float, float, float], cell: float
) -> Raster:
    """Put ``polys`` (bounds ``box``) on a grid of square cells ``cell`` wide, padded.

    The grid's outer ``_PAD`` cells on every side are never boundary cells.
    """
    bx0, by0, bx1, by1 = box
    grid = Grid(
        x0=bx0 - _PAD * cell,
        y0=by0 - _PAD * cell,
        cell=cell,
        nx=math.ceil((bx1 - bx0) / cell) + 2 * _PAD + 1,
        ny=math.ceil((by1 - by0) / cell) + 2 * _PAD + 1,
    )
    edges, edge_owner = polygon_edges(polys)
    index = edge_cells(edges, grid)
    boundary = np.zeros(grid.ny * grid.nx, dtype=bool)
    boundary[index.cells] = True
    boundary2d = boundary.reshape(grid.ny, grid.nx)
    layers = raster_layers(edges, edge_owner, len(polys), grid, boundary2d)
    blocks = block_labels(layers, boundary2d, len(polys))
    return Raster(grid, edges, edge_owner, index, layers, blocks)
