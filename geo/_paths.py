"""Where the project's embedded data and default outputs live.

The embedded inputs (catalogue, gazetteer, reference network, orientation layer)
ship inside the package, under ``geo/data``, and are found with
:mod:`importlib.resources`, so an installed copy (``pip install .``, a wheel) finds
them as an editable one does. Default outputs are relative to the current folder:
``./data`` and ``./maps`` (in the repository, the top-level ``data/`` and ``maps/``).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

EMBEDDED = Path(str(files("geo").joinpath("data")))
"""The package's embedded data folder (``geo/data``)."""

CATALOGUE_DIR = EMBEDDED / "catalogue"
GAZETTEER = EMBEDDED / "gazetteer.csv"
REFERENCE_DIR = EMBEDDED / "reference"
REFERENCE_NETWORK = REFERENCE_DIR / "existing_network.geojson"
ORIENTATION = REFERENCE_DIR / "orientation.geojson"

DATA_DIR = Path("data")
"""Default folder for layer outputs, relative to the current folder."""
MAPS_DIR = Path("maps")
"""Default folder for map outputs, relative to the current folder."""

PLAN_ENV = "INFRA_MAP_PLAN"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_PLAN_DEFAULT = _SOURCE_ROOT.parent / "shared" / "plan" / "hefei-yrd-integration-plan.txt"


def plan_text_path() -> Path | None:
    """Return the plan's text file if it can be found, else ``None``.

    ``$INFRA_MAP_PLAN`` wins; otherwise ``../shared/plan/hefei-yrd-integration-plan.txt``
    beside a source checkout is used when it exists.
    """
    env = os.environ.get(PLAN_ENV)
    if env:
        return Path(env)
    return _PLAN_DEFAULT if _PLAN_DEFAULT.exists() else None
