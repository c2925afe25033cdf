"""The reference-network id rules (geo/catalogue/_reference.py), one case each.

``replaces``, ``realised_by`` and ``along`` must name lines of the embedded
reference network; records are built in code (tests/recordlib.py) with made-up
ids, and bad reference files are written to ``tmp_path``.
"""

from __future__ import annotations

import pytest
from errmatch import where
from recordlib import LINE, build, with_

from geo.catalogue import reference_network_ids
from geo.catalogue._reference import check_network_refs
from geo.errors import CatalogueError

KNOWN = "g40_hefei_nanjing"
BUILT = with_(
    LINE,
    precision="network_section",
    progress="built",
    progress_source="official notice, 2020-12-01",
)


@pytest.mark.parametrize(
    ("record", "field", "ref"),
    [
        pytest.param(with_(LINE, replaces="g40_nowhere"), "replaces", "g40_nowhere", id="replaces"),
        pytest.param(
            with_(BUILT, realised_by=[KNOWN, "g40_gone"]),
            "realised_by",
            "g40_gone",
            id="realised-by",
        ),
        pytest.param(
            with_(LINE, precision="along_corridor", along=["g40_x"]), "along", "g40_x", id="along"
        ),
    ],
)
def test_unknown_reference_id_refused_naming_file_record_and_field(tmp_path, record, field, ref):
    good = build(with_(LINE, id="r0", replaces=KNOWN))
    message = (
        where("catalogue/ch.toml", "r1", field) + f"'{ref}' is not an id of the reference network"
    )
    with pytest.raises(CatalogueError, match=message) as info:
        check_network_refs([good, build(record)], tmp_path / "catalogue")
    assert info.value.file == str(tmp_path / "catalogue" / "ch.toml")


def test_known_reference_ids_pass(tmp_path):
    projects = [
        build(with_(LINE, replaces=KNOWN)),
        build(with_(BUILT, id="r2", realised_by=[KNOWN])),
        build(with_(LINE, id="r3", precision="along_corridor", along=[KNOWN])),
    ]
    check_network_refs(projects, tmp_path)
    assert KNOWN in reference_network_ids()


@pytest.mark.parametrize(
    ("content", "why"),
    [
        pytest.param(None, "No such file", id="missing"),
        pytest.param("{not json", "Expecting property name", id="not-json"),
        pytest.param('{"type": "FeatureCollection"}', "'features'", id="no-features"),
        pytest.param(
            '{"features": [{"properties": {"name": "x"}}]}', "'id'", id="feature-without-id"
        ),
        pytest.param(
            '{"features": [{"properties": null}]}', "not subscriptable", id="properties-null"
        ),
    ],
)
def test_unreadable_reference_network_refused_naming_the_file(tmp_path, content, why):
    path = tmp_path / "net.geojson"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(
        CatalogueError,
        match=where("net.geojson") + f"cannot read the reference network's ids .*{why}",
    ):
        reference_network_ids(path)
