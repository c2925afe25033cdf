"""Metadata of the deliverables: project, licences, per-layer abstract, keywords and lineage.

The content is data, in ``geo/data/catalogue/metadata.toml``. This module reads
it (:func:`load_metadata`) and renders it the ways the outputs need:

* :func:`qgis_metadata_element` — QGIS' layer metadata XML (``<resourceMetadata>``
  in a project, the root of a ``.qmd`` file, and the document stored in the
  GeoPackage's ``gpkg_metadata`` table, which QGIS shows when it opens the layer);
* :func:`data_licence_text` — ``DATA_LICENSE.md`` written beside the outputs:
  what each source's licence covers and how to attribute it.

Every date written is :attr:`Metadata.data_date`, the date of the data, so the
same input gives the same bytes.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo._paths import CATALOGUE_DIR
from geo._strict import read_toml
from geo.errors import CatalogueError

__all__ = [
    "DATA_LICENCE_NAME",
    "METADATA_PATH",
    "LayerMetadata",
    "Licence",
    "Metadata",
    "data_licence_text",
    "load_metadata",
    "qgis_metadata_element",
]

logger = logging.getLogger(__name__)

METADATA_PATH = CATALOGUE_DIR / "metadata.toml"
"""The default metadata file."""

DATA_LICENCE_NAME = "DATA_LICENSE.md"
"""File name of the data licence and attribution file written beside the outputs."""

_CATALOGUE_DEFAULTS = "_catalogue"


@dataclass(frozen=True)
class Licence:
    """One source licence: ``name``, ``url``, ``attribution`` text and what it ``covers``."""

    key: str
    name: str
    url: str
    attribution: str
    covers: str


@dataclass(frozen=True)
class LayerMetadata:
    """What is said about one layer; ``licences`` first = the layer's licence."""

    name: str
    title: str
    abstract: str
    keywords: tuple[str, ...]
    licences: tuple[Licence, ...]
    lineage: str
    date: str

    @property
    def attribution(self) -> str:
        """Attribution line: every source's attribution joined by ``"; "``."""
        return "; ".join(lic.attribution for lic in self.licences)

    @property
    def licence(self) -> str:
        """The layer's licence (the first of :attr:`licences`)."""
        return self.licences[0].name


@dataclass(frozen=True)
class Metadata:
    """The loaded metadata file."""

    title: str
    abstract: str
    author: str
    data_date: str
    plan: str
    targets_clause: str
    keywords: tuple[str, ...]
    licences: Mapping[str, Licence]
    layers: Mapping[str, Mapping[str, object]]

    @property
    def targets_source(self) -> str:
        """Citation of the density targets: the plan's title and clause 一(三)."""
        return f"{self.plan} {self.targets_clause}"

    def layer(
        self, name: str, *, title: str, catalogue: bool, lenient: bool = False
    ) -> LayerMetadata:
        """Return the metadata of layer ``name`` (catalogue layers add the shared defaults).

        With ``lenient`` (the build), a layer with no abstract in ``metadata.toml``
        is logged as a warning and given the abstract ``"<title> (no abstract yet)"``;
        a catalogue layer still has the ``[layer._catalogue]`` licences, lineage and
        keywords, so a new layer needs no entry here.

        Raises
        ------
        CatalogueError
            If the layer has no entry (or no abstract) in ``metadata.toml`` and
            not ``lenient``, or names an unknown licence.
        """
        spec = self.layers.get(name)
        if spec is None or not spec.get("abstract"):
            if not lenient:
                raise CatalogueError(
                    "layer has no abstract; add a [layer.<name>] table with an abstract",
                    file=METADATA_PATH,
                    record=name,
                    field="abstract",
                )
            logger.warning(
                "%s: layer %r has no abstract; its abstract reads %r until a [layer.%s] table "
                "gives one",
                METADATA_PATH,
                name,
                _placeholder_abstract(title),
                name,
            )
            spec = {**(spec or {}), "abstract": _placeholder_abstract(title)}
        defaults = self.layers.get(_CATALOGUE_DEFAULTS, {}) if catalogue else {}
        keys = [
            *_strings(spec, "licence", record=name),
            *_strings(defaults, "licence", record=_CATALOGUE_DEFAULTS),
        ]
        for key in keys:
            if key not in self.licences:
                raise CatalogueError(
                    f"licence {key!r} is not one of {', '.join(self.licences)}",
                    file=METADATA_PATH,
                    record=name,
                    field="licence",
                )
        if not keys:
            raise CatalogueError(
                "layer has no licence", file=METADATA_PATH, record=name, field="licence"
            )
        lineage = str(spec.get("lineage") or defaults.get("lineage") or "")
        return LayerMetadata(
            name=name,
            title=title,
            abstract=str(spec["abstract"]),
            keywords=tuple(
                dict.fromkeys(
                    [
                        *_strings(spec, "keywords", record=name),
                        *_strings(defaults, "keywords", record=_CATALOGUE_DEFAULTS),
                    ]
                )
            ),
            licences=tuple(self.licences[k] for k in dict.fromkeys(keys)),
            lineage=lineage,
            date=self.data_date,
        )


def _placeholder_abstract(title: str) -> str:
    """Return the abstract of a layer with none in ``metadata.toml`` (``lenient``)."""
    return f"{title} (no abstract yet)"


def _strings(spec: Mapping[str, object], key: str, *, record: str) -> list[str]:
    """Return ``spec[key]``, a list of strings (``[]`` when absent)."""
    value = spec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(
            f'{key}={value!r} is not a list of strings; write e.g. {key} = ["..."]',
            file=METADATA_PATH,
            record=record,
            field=key,
        )
    return value


def load_metadata(path: str | Path | None = None) -> Metadata:
    """Load ``metadata.toml`` (default :data:`METADATA_PATH`).

    Raises
    ------
    CatalogueError
        Naming the file and the missing table or field.
    """
    path = Path(path) if path is not None else METADATA_PATH
    doc = read_toml(path)
    project = doc.get("project", {})
    for key in ("title", "abstract", "author", "data_date", "plan", "targets_clause"):
        if not isinstance(project.get(key), str) or not project[key]:
            raise CatalogueError("missing or empty", file=path, record="project", field=key)
    licences = {
        key: Licence(
            key=key,
            name=str(spec.get("name", key)),
            url=str(spec.get("url", "")),
            attribution=str(spec.get("attribution", "")),
            covers=str(spec.get("covers", "")),
        )
        for key, spec in doc.get("licence", {}).items()
    }
    return Metadata(
        title=project["title"],
        abstract=project["abstract"],
        author=project["author"],
        data_date=project["data_date"],
        plan=project["plan"],
        targets_clause=project["targets_clause"],
        keywords=tuple(str(k) for k in project.get("keywords", [])),
        licences=licences,
        layers=dict(doc.get("layer", {})),
    )


def _text(parent: ET.Element, tag: str, text: str, attrib: Mapping[str, str] | None = None) -> None:
    element = ET.SubElement(parent, tag, dict(attrib or {}))
    element.text = text


def qgis_metadata_element(
    meta: LayerMetadata,
    *,
    tag: str = "resourceMetadata",
    crs_wkt: str = "",
    author: str = "",
    extent: tuple[float, float, float, float] | None = None,
) -> ET.Element:
    """Render QGIS' layer metadata (QgsLayerMetadata XML).

    Parameters
    ----------
    meta : LayerMetadata
    tag : str
        ``resourceMetadata`` inside a project's ``<maplayer>``, ``qgis`` for a
        ``.qmd`` file or a GeoPackage ``gpkg_metadata`` document.
    crs_wkt : str
        The layer's CRS as WKT (optional).
    author : str
        Contact name.
    extent : (xmin, ymin, xmax, ymax), optional
        Spatial extent in the layer's CRS (``x=lon, y=lat``).
    """
    root = ET.Element(tag, {"version": "1.0"} if tag == "qgis" else {})
    _text(root, "identifier", meta.name)
    _text(root, "parentidentifier", "")
    _text(root, "language", "zho")
    _text(root, "type", "dataset")
    _text(root, "title", meta.title)
    _text(root, "abstract", meta.abstract)
    keywords = ET.SubElement(root, "keywords", {"vocabulary": "gmd:topicCategory"})
    for keyword in meta.keywords:
        _text(keywords, "keyword", keyword)
    if author:
        contact = ET.SubElement(root, "contact")
        _text(contact, "name", author)
        _text(contact, "organization", "")
        _text(contact, "position", "")
        _text(contact, "voice", "")
        _text(contact, "fax", "")
        _text(contact, "email", "")
        _text(contact, "role", "author")
    links = ET.SubElement(root, "links")
    for lic in meta.licences:
        if lic.url.startswith("http"):
            ET.SubElement(
                links,
                "link",
                {
                    "name": lic.name,
                    "type": "WWW:LINK",
                    "url": lic.url,
                    "description": lic.covers,
                    "format": "",
                    "mimeType": "",
                    "size": "",
                },
            )
    _text(root, "history", meta.lineage)
    _text(root, "fees", "none")
    for lic in meta.licences:
        _text(root, "constraints", f"{lic.name}: {lic.covers}", {"type": "licence"})
    _text(root, "rights", meta.attribution)
    for lic in meta.licences:
        _text(root, "license", lic.name)
    _text(root, "encoding", "UTF-8")
    crs = ET.SubElement(root, "crs")
    if crs_wkt:
        srs = ET.SubElement(crs, "spatialrefsys")
        _text(srs, "wkt", crs_wkt)
    ext = ET.SubElement(root, "extent")
    if extent is not None:
        ET.SubElement(
            ext,
            "spatial",
            {
                "crs": "EPSG:4326",
                "dimensions": "2",
                "minx": f"{extent[0]:.6f}",
                "miny": f"{extent[1]:.6f}",
                "maxx": f"{extent[2]:.6f}",
                "maxy": f"{extent[3]:.6f}",
                "minz": "0",
                "maxz": "0",
            },
        )
        temporal = ET.SubElement(ext, "temporal")
        _text(temporal, "instant", meta.date)
    dates = ET.SubElement(root, "dates")
    ET.SubElement(dates, "date", {"type": "Created", "value": f"{meta.date}T00:00:00"})
    return root


def data_licence_text(meta: Metadata, layers: Mapping[str, LayerMetadata]) -> str:
    """Return ``DATA_LICENSE.md``: the sources, their licences and each layer's terms."""
    lines = [
        "# Data licence and attribution",
        "",
        f"Data of {meta.data_date}. The projects come from {meta.plan} ({meta.targets_clause}"
        " for the density targets), quoted as the source; the code is under the MIT licence"
        " (LICENSE in the repository).",
        "",
        "## Sources",
        "",
        "| source | licence | attribution | covers |",
        "| --- | --- | --- | --- |",
    ]
    for lic in meta.licences.values():
        name = f"[{lic.name}]({lic.url})" if lic.url.startswith("http") else lic.name
        lines.append(f"| {lic.key} | {name} | {lic.attribution} | {lic.covers} |")
    lines += [
        "",
        "Layers holding positions from OpenStreetMap are a Derivative Database under the"
        " ODbL 1.0: keep the attribution “© OpenStreetMap contributors” and share changes to"
        " them under the same licence. GeoNames positions: credit GeoNames (CC BY 4.0).",
        "",
        "## Layers",
        "",
        "| layer | licence | attribution |",
        "| --- | --- | --- |",
    ]
    for name, layer in layers.items():
        lines.append(f"| `{name}` | {layer.licence} | {layer.attribution} |")
    return "\n".join(lines) + "\n"
