"""Shared fixtures: the tiny catalogue in tests/data/mini, copied where tests may edit it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

import layers
from geo import density, export
from geo.catalogue import Catalogue, load_catalogue

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini"
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the tiny catalogue (TOML files and gazetteer.csv)."""
    target = tmp_path / "catalogue"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini_catalogue() -> Catalogue:
    """The tiny catalogue, loaded (quotes checked against the plan when it is present)."""
    return load_catalogue(MINI, gazetteer=MINI / "gazetteer.csv")


@pytest.fixture(scope="module")
def mini_layers(mini_catalogue: Catalogue) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of the tiny catalogue (one copy per test module)."""
    return layers.load_all(catalogue=mini_catalogue)


@pytest.fixture(scope="module")
def every(mini_layers: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """What the writers write: the given layers, then the orientation layers."""
    return {**mini_layers, **export.orientation_layers()}


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory, mini_catalogue: Catalogue
) -> tuple[Path, list[Path]]:
    """The tiny catalogue's layers written once by :func:`geo.export.write_all`: folder, files.

    Shared by every test module: read it, never change it.
    """
    out = tmp_path_factory.mktemp("exported")
    every = layers.load_all(catalogue=mini_catalogue)
    return out, export.write_all(every, vocab=mini_catalogue.vocab, out_dir=out)


@pytest.fixture(scope="session")
def exported_dir(exported: tuple[Path, list[Path]]) -> Path:
    """The folder of :func:`exported`."""
    return exported[0]


@pytest.fixture(scope="session")
def fixture_network() -> gpd.GeoDataFrame:
    """The OSM fixtures' rail tracks and motorway pair (tests/densitylib.py): read, never change."""
    from tests.densitylib import osm_network

    return osm_network()


@pytest.fixture(scope="session")
def fixture_result(fixture_network: gpd.GeoDataFrame) -> density.DensityResult:
    """:func:`geo.density.compute` of :func:`fixture_network` without projects."""
    from tests.densitylib import NO_PROJECTS

    return density.compute(fixture_network, catalogue=NO_PROJECTS)


@pytest.fixture(scope="session")
def scenario_result(fixture_network: gpd.GeoDataFrame) -> density.DensityResult:
    """:func:`geo.density.compute` of :func:`fixture_network` with the projects of
    ``tests.densitylib.project_catalogue``."""
    from tests.densitylib import project_catalogue

    return density.compute(fixture_network, catalogue=project_catalogue())


def require_shared(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} not available (../shared is absent)")
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``INFRA_MAP_REQUIRE_TOOLS=1``) a QGIS or browser test that skips is a failure."""
    outcome = yield
    report = outcome.get_result()
    required = os.environ.get("INFRA_MAP_REQUIRE_TOOLS") == "1"
    real_tool = item.get_closest_marker("qgis") or item.get_closest_marker("browser")
    if required and real_tool and report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid}: skipped, but INFRA_MAP_REQUIRE_TOOLS=1 requires it to run"
        )
