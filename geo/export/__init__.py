"""Write the plan's layers as GIS deliverables: GeoPackages, shapefiles, downloads, QGIS project.

:func:`write_all` (used by ``infra-map build``) writes, under ``data/``:

``hefei_plan.gpkg``
    GeoPackage **1.2** (QGIS 3.22 warns about the 1.4 files recent GDAL writes
    by default) with every layer, one declared geometry type per layer
    (``Point``, ``LineString`` or ``MultiPolygon``: polygons, including the
    schematic circles, are promoted to MultiPolygon so that they share a type
    with the administrative boundaries), the layer's bilingual title and a
    description in ``gpkg_contents``, a QGIS style per layer in the
    ``layer_styles`` table (``useAsDefault = 1``), so QGIS opens them styled,
    QGIS layer metadata in ``gpkg_metadata`` and the data dictionary in
    ``gpkg_data_columns`` / ``gpkg_data_column_constraints`` (:mod:`geo.export._gpkg_extras`).
``hefei_plan_cgcs2000.gpkg``
    The same, labelled CGCS2000 (EPSG:4490): the datum change is the identity
    at this accuracy (:data:`CGCS2000_GEOPACKAGE_NAME`).
``shapefiles/<layer>.shp``
    With ``.shx``, ``.dbf``, ``.prj``, ``.cpg`` (``UTF-8``, or ``GBK``), a
    ``.qml`` style QGIS loads by default and a ``.qmd`` with the layer's
    metadata. Field names longer than 10 characters are renamed by the fixed
    mapping :data:`SHAPEFILE_FIELDS` (documented in
    ``docs/shapefiles.md``); :func:`read_shapefile` maps them back.
``geojson/<layer>.geojson``, ``flatgeobuf/<layer>.fgb``
    Every layer as RFC 7946 GeoJSON and as FlatGeobuf (:mod:`geo.export._formats`).
``fields.csv``, ``DATA_LICENSE.md``
    The data dictionary (:mod:`geo.datadict`) and the data licences and
    attribution (:mod:`geo.metadata`).
``hefei_plan.qgs``
    A QGIS project opening every GeoPackage layer (relative paths; layers in
    EPSG:4326, the project in EPSG:4548, measuring on the WGS 84 ellipsoid in
    km and km²), grouped by chapter and drawn points over lines over polygons
    over the base layers: the existing network, the administrative boundaries,
    then Chaohu and the main rivers for orientation.

Styles follow the shared spec :mod:`geo.style` (``style.toml`` + ``vocab.toml``):
colour, marker shape and weight by kind, dash pattern, casing, point fill and
opacity by status, a halo for schematic and beads for indicative geometry, a
core line or ticks for progress; labels from ``name_zh`` in a CJK font, district
names first (priority 10), the plan's labels at scales above 1:600,000. The base
layers are context: boundaries as outlines only, the existing network
(``existing_network``) in unlabelled greys, railways dark grey with white
dashes, expressways mid grey.

Every writer is atomic and deterministic: files are written into a temporary
folder beside the target and renamed into place only when all of them are
complete, so a failure leaves the previous outputs untouched; rows are sorted
by ``id`` and every timestamp (``gpkg_contents.last_change``,
``layer_styles.update_time``, the DBF header date, the metadata dates) is
:data:`FIXED_TIMESTAMP`, the date of the data, so the same layers always give
byte-identical files.

Where things are:

* :mod:`geo.export._prepare` checks and prepares the layers (:mod:`geo.export._layer`;
  the base layers in :mod:`geo.export._base_layers`);
* :mod:`geo.export._layer_style` styles them from the spec :mod:`geo.style` as a
  :mod:`geo.export._qgis_style` model, written as XML by :mod:`geo.export._qgis_symbols`
  (the renderer) and :mod:`geo.export._qgis_qml` (labels, fields, the QML document);
* one module per format: :mod:`geo.export.gpkg` (+ :mod:`geo.export._gpkg_extras`),
  :mod:`geo.export.shapefile` (+ :mod:`geo.export._dbf`, the DBF rules),
  :mod:`geo.export._formats` (GeoJSON, FlatGeobuf), :mod:`geo.export.qgis_project`;
* :mod:`geo.export._layer_xml` embeds the metadata, :mod:`geo.export._staging` makes
  every write atomic, :mod:`geo.export._write_all` writes everything at once.
"""

from geo.export._base_layers import ORIENTATION_LAYERS, orientation_layers
from geo.export._dbf import SHAPEFILE_TEXT_BYTES, continuation_field
from geo.export._layer import FIXED_TIMESTAMP, OGR_GEOMETRY_TYPES
from geo.export._write_all import write_all
from geo.export.gpkg import (
    CGCS2000,
    CGCS2000_GEOPACKAGE_NAME,
    GEOPACKAGE_NAME,
    GEOPACKAGE_VERSION,
    read_geopackage,
    write_geopackage,
)
from geo.export.qgis_project import (
    PROJECT_CRS,
    PROJECT_ELLIPSOID,
    QGIS_PROJECT_NAME,
    write_qgis_project,
)
from geo.export.shapefile import (
    GBK_SUBSTITUTES,
    SHAPEFILE_DIR_NAME,
    SHAPEFILE_ENCODINGS,
    SHAPEFILE_FIELDS,
    read_shapefile,
    write_shapefiles,
)

__all__ = [
    "CGCS2000",
    "CGCS2000_GEOPACKAGE_NAME",
    "FIXED_TIMESTAMP",
    "GBK_SUBSTITUTES",
    "GEOPACKAGE_NAME",
    "GEOPACKAGE_VERSION",
    "OGR_GEOMETRY_TYPES",
    "ORIENTATION_LAYERS",
    "PROJECT_CRS",
    "PROJECT_ELLIPSOID",
    "QGIS_PROJECT_NAME",
    "SHAPEFILE_DIR_NAME",
    "SHAPEFILE_ENCODINGS",
    "SHAPEFILE_FIELDS",
    "SHAPEFILE_TEXT_BYTES",
    "continuation_field",
    "orientation_layers",
    "read_geopackage",
    "read_shapefile",
    "write_all",
    "write_geopackage",
    "write_qgis_project",
    "write_shapefiles",
]
