"""Load and validate the whole catalogue: vocabularies, gazetteer and chapter files."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from geo._paths import CATALOGUE_DIR, plan_text_path
from geo._strict import read_toml
from geo.catalogue._gazetteer import load_gazetteer
from geo.catalogue._record import project_from_record
from geo.catalogue._reference import check_network_refs
from geo.catalogue._types import Catalogue, Project
from geo.catalogue._vocab import load_vocab
from geo.errors import CatalogueError

__all__ = ["NOT_CHAPTERS", "PACKAGE_ONLY", "load_catalogue"]

logger = logging.getLogger(__name__)

NOT_CHAPTERS = ("vocab.toml", "style.toml", "fields.toml", "metadata.toml")
"""Catalogue-folder files that are not chapter files (vocab, style, dictionary, metadata)."""

PACKAGE_ONLY = ("fields.toml", "metadata.toml")
"""Files always read from the package: the data dictionary of the output columns and the
deliverables' metadata. A catalogue folder's own copy is not read (a differing one is
logged as a warning); ``vocab.toml``, ``style.toml`` and the chapter files are the folder's."""


def _warn_package_only(directory: Path) -> None:
    for name in PACKAGE_ONLY:
        own, package = directory / name, CATALOGUE_DIR / name
        if (
            own.is_file()
            and own.resolve() != package.resolve()
            and own.read_bytes() != package.read_bytes()
        ):
            logger.warning(
                "%s is not read: the outputs take %s from the package (%s); edit that "
                "file or remove this one",
                own,
                name,
                package,
            )


def load_catalogue(
    directory: Path | None = None,
    *,
    gazetteer: Path | None = None,
    plan: Path | None = None,
) -> Catalogue:
    """Load and validate the whole catalogue.

    Parameters
    ----------
    directory : Path, optional
        Folder holding ``vocab.toml``, ``style.toml`` (optional: else the package's) and
        the chapter files (every other ``*.toml``); default ``geo/data/catalogue``.
        ``fields.toml`` and ``metadata.toml`` are always the package's
        (:data:`PACKAGE_ONLY`).
    gazetteer : Path, optional
        Gazetteer CSV; default ``geo/data/gazetteer.csv``.
    plan : Path, optional
        The plan's text. Every ``quote`` and ``name_zh`` must occur in it.
        Default: ``$INFRA_MAP_PLAN`` or ``../shared/plan/...`` when present;
        when no plan text can be found, that check is skipped with a warning.

    Returns
    -------
    Catalogue

    Raises
    ------
    CatalogueError
        Naming the file, the record id and the field of the first problem.
    """
    directory = Path(directory) if directory is not None else CATALOGUE_DIR
    if not directory.is_dir():
        raise CatalogueError("catalogue folder not found; check the path", file=directory)
    vocab = load_vocab(directory / "vocab.toml")
    _warn_package_only(directory)
    places = load_gazetteer(gazetteer)
    plan_path = Path(plan) if plan is not None else plan_text_path()
    plan_text: str | None = None
    if plan_path is not None:
        try:
            plan_text = plan_path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CatalogueError(f"cannot read the plan text ({exc})", file=plan_path) from exc
    else:
        logger.warning(
            "plan text not found; quotes are not checked against it (set $INFRA_MAP_PLAN)"
        )

    projects: list[Project] = []
    seen: dict[str, str] = {}
    files = sorted(p for p in directory.glob("*.toml") if p.name not in NOT_CHAPTERS)
    if not files:
        raise CatalogueError("no chapter files (*.toml besides vocab.toml) found", file=directory)
    for path in files:
        doc = read_toml(path)
        unknown = sorted(set(doc) - {"project"})
        if unknown:
            raise CatalogueError(
                f"unknown top-level key {unknown[0]!r}; records go in [[project]] tables",
                file=path,
                field=unknown[0],
            )
        records = doc.get("project", [])
        if not isinstance(records, list):
            raise CatalogueError(
                "'project' must be an array of tables ([[project]])", file=path, field="project"
            )
        if not records:
            raise CatalogueError(
                "no [[project]] records; a chapter file without records would drop its "
                "projects silently; add records or delete the file",
                file=path,
                field="project",
            )
        for position, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                raise CatalogueError(
                    f"record #{position} is not a table", file=path, record=f"#{position}"
                )
            project = project_from_record(
                record, file=path, position=position, vocab=vocab, places=places, plan=plan_text
            )
            if project.id in seen:
                raise CatalogueError(
                    f"duplicate id {project.id!r}, already used in {seen[project.id]!r}; "
                    "ids must be unique",
                    file=path,
                    record=project.id,
                    field="id",
                )
            seen[project.id] = path.name
            projects.append(project)
    check_network_refs(projects, directory)
    logger.info("catalogue: %d projects, %d places", len(projects), len(places))
    return Catalogue(vocab=vocab, places=places, projects=tuple(projects))
