"""The build: every output of the project, staged together and published as one set.

:func:`build` runs :func:`prepare` (catalogue, layers, density), then
:func:`write_outputs` into a staging folder, and publishes the set with one
atomic switch (see :mod:`geo._publish` and the README's "Outputs are one set").
:func:`validate` is the same run into a temporary folder that is thrown away:
whatever ``validate`` accepts, ``build`` builds.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import DATA_DIR, MAPS_DIR
from geo._publish import Published, check_destination, publish

if TYPE_CHECKING:
    import geopandas as gpd

    from geo.catalogue import Catalogue
    from geo.density import DensityResult

__all__ = ["Inputs", "Prepared", "build", "prepare", "render", "validate", "write_outputs"]

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Inputs:
    """Where a build reads from; ``None`` means the package's embedded default."""

    catalogue: Path | None = None
    gazetteer: Path | None = None
    plan: Path | None = None
    network: str | None = None
    osm: bool = False
    density: bool = True
    shapefile_encoding: str = "UTF-8"
    """How the shapefiles are written (``UTF-8`` or ``GBK``), see :func:`geo.export.write_all`."""


@dataclass
class Prepared:
    """Everything a build computes before writing a file."""

    inputs: Inputs
    catalogue: Catalogue
    layers: dict[str, gpd.GeoDataFrame]
    density: DensityResult | None = None
    written: list[Path] = field(default_factory=list)


def _noop(_label: str) -> None:
    return None


def prepare(inputs: Inputs, *, progress: Progress = _noop) -> Prepared:
    """Load and check the catalogue, build every layer, and compute the density.

    Parameters
    ----------
    inputs : Inputs
    progress : callable, optional
        Called with the name of each step as it starts.

    Returns
    -------
    Prepared
    """
    import layers
    from geo import density, network
    from geo.catalogue import load_catalogue
    from geo.network._check import check_network

    progress("catalogue")
    catalogue = load_catalogue(inputs.catalogue, gazetteer=inputs.gazetteer, plan=inputs.plan)
    built = layers.load_all(catalogue=catalogue)
    result = None
    if inputs.density:
        progress("density")
        net = network.load_network(inputs.network, osm=inputs.osm)
        check_network(net, source=inputs.network or "the embedded reference network")
        result = density.compute(net, catalogue=catalogue)
    return Prepared(inputs=inputs, catalogue=catalogue, layers=built, density=result)


def write_outputs(
    prepared: Prepared, data_dir: Path, maps_dir: Path, *, progress: Progress = _noop
) -> list[Path]:
    """Write every output: layers, shapefiles, QGIS project, density tables, maps.

    Whatever :func:`geo.export.write_all` and :func:`geo.maps.render_maps` write
    into the folders they are given belongs to the set.
    """
    from geo import export

    progress("layers")
    written = list(
        export.write_all(
            prepared.layers,
            vocab=prepared.catalogue.vocab,
            out_dir=data_dir,
            shapefile_encoding=prepared.inputs.shapefile_encoding,
        )
    )
    if prepared.density is not None:
        from geo import density

        progress("density tables")
        written += density.write_outputs(prepared.density, data_dir)
    written += render(prepared, maps_dir, data_dir=data_dir, progress=progress)
    return written


def render(
    prepared: Prepared, maps_dir: Path, *, data_dir: Path | None = None, progress: Progress = _noop
) -> list[Path]:
    """Render the HTML maps (and whatever else :func:`geo.maps.render_maps` writes).

    ``data_dir`` is the data folder of the same (staged) set, whose files the
    maps' downloads copy.
    """
    from geo import maps

    progress("maps")
    dens = prepared.density.to_json_dict() if prepared.density is not None else None
    return list(
        maps.render_maps(
            prepared.layers,
            vocab=prepared.catalogue.vocab,
            density=dens,
            out_dir=maps_dir,
            data_dir=data_dir,
        )
    )


def build(
    inputs: Inputs,
    *,
    data_dir: Path = DATA_DIR,
    maps_dir: Path = MAPS_DIR,
    wait: float = 0.0,
    maps_only: bool = False,
    progress: Progress = _noop,
) -> Published:
    """Prepare everything, write it in a staging folder and publish it as one set.

    Parameters
    ----------
    inputs : Inputs
    data_dir, maps_dir : Path
        The published folders (default ``./data`` and ``./maps``).
    wait : float, default 0
        Seconds to wait for another build into the same folders.
    maps_only : bool, default False
        Render only the maps; the published data are carried over unchanged.
    progress : callable, optional

    Returns
    -------
    Published

    Raises
    ------
    InfraMapError
        A bad input, or a destination that cannot take the build; the
        published outputs are then unchanged.
    """
    check_destination(data_dir, maps_dir)
    prepared = prepare(inputs, progress=progress)

    def write(data: Path, maps: Path) -> None:
        if maps_only:
            render(prepared, maps, data_dir=data, progress=progress)
        else:
            write_outputs(prepared, data, maps, progress=progress)
        progress("publish")

    return publish(data_dir, maps_dir, write, wait=wait, carry_data=maps_only)


def validate(
    inputs: Inputs,
    *,
    data_dir: Path = DATA_DIR,
    maps_dir: Path = MAPS_DIR,
    progress: Progress = _noop,
) -> Prepared:
    """Run every step of :func:`build` into a temporary folder, then delete it.

    Checks the destination as :func:`build` would, and writes nothing there.

    Returns
    -------
    Prepared
        With ``written`` listing what a build would write (relative to the
        data and maps folders).
    """
    check_destination(data_dir, maps_dir)
    prepared = prepare(inputs, progress=progress)
    with tempfile.TemporaryDirectory(prefix="infra-map-validate-") as tmp:
        root = Path(tmp)
        written = write_outputs(prepared, root / "data", root / "maps", progress=progress)
        prepared.written = [
            (data_dir if p.is_relative_to(root / "data") else maps_dir)
            / p.relative_to(root / ("data" if p.is_relative_to(root / "data") else "maps"))
            for p in written
        ]
    return prepared
