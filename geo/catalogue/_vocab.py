"""Load ``vocab.toml`` (statuses, precisions, progress and layers) into a :class:`Vocab`."""

from __future__ import annotations

from pathlib import Path

from geo._paths import CATALOGUE_DIR
from geo._strict import read_toml
from geo.catalogue._types import KindDef, LayerDef, Vocab
from geo.catalogue._vocab_schema import check_vocab

__all__ = ["load_vocab"]


def load_vocab(path: Path | None = None) -> Vocab:
    """Load the fixed vocabularies.

    Parameters
    ----------
    path : Path, optional
        A ``vocab.toml``; default ``geo/data/catalogue/vocab.toml``.

    Returns
    -------
    Vocab

    Raises
    ------
    CatalogueError
        When the file breaks the schema (:func:`geo.catalogue._vocab_schema.check_vocab`),
        naming the file, the entry and the key.
    """
    path = Path(path) if path is not None else CATALOGUE_DIR / "vocab.toml"
    doc = read_toml(path)
    check_vocab(doc, file=path)
    layers = {
        name: LayerDef(
            name=name,
            geometry=spec["geometry"],
            chapter=spec["chapter"],
            zh=spec["zh"],
            en=spec["en"],
            kinds={kind: KindDef(*value) for kind, value in spec["kinds"].items()},
            density=spec.get("density"),
        )
        for name, spec in doc["layer"].items()
    }
    return Vocab(
        statuses=dict(doc["status"]),
        precisions=dict(doc["precision"]),
        layers=layers,
        progress=dict(doc.get("progress", {})),
        style_path=style if (style := path.parent / "style.toml").is_file() else None,
    )
