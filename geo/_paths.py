"""Where the project's embedded data and default outputs live."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project's root (the folder holding ``pyproject.toml``)."""

DATA_DIR = ROOT / "data"
CATALOGUE_DIR = DATA_DIR / "catalogue"
GAZETTEER = DATA_DIR / "gazetteer.csv"
REFERENCE_NETWORK = DATA_DIR / "reference" / "existing_network.geojson"
MAPS_DIR = ROOT / "maps"

PLAN_ENV = "INFRA_MAP_PLAN"
_PLAN_DEFAULT = ROOT.parent / "shared" / "plan" / "hefei-yrd-integration-plan.txt"


def plan_text_path() -> Path | None:
    """Return the plan's text file if it can be found, else ``None``.

    ``$INFRA_MAP_PLAN`` wins; otherwise ``../shared/plan/hefei-yrd-integration-plan.txt``
    beside the project is used when it exists.
    """
    env = os.environ.get(PLAN_ENV)
    if env:
        return Path(env)
    return _PLAN_DEFAULT if _PLAN_DEFAULT.exists() else None
