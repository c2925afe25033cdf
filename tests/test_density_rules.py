"""The density rules come from vocab.toml (geo.density._rules), not from code."""

from __future__ import annotations

import dataclasses

import pytest

from geo import density
from geo.catalogue import DENSITY_TIERS, load_catalogue
from geo.density._rules import density_rules
from geo.density.scenarios import TIERS
from geo.errors import ParameterError


def test_every_tier_is_a_described_scenario():
    # the tiers a status may name in vocab.toml are the density's project scenarios, in order,
    # and each has its description for the table and density.json
    assert density.SCENARIOS[-len(TIERS) :] == TIERS == DENSITY_TIERS[1:]
    assert set(density.SCENARIO_LABELS) == set(density.SCENARIOS)


def test_embedded_rules():
    rules = density_rules()
    assert rules.layers == ("rail", "highway")
    assert rules.tier("existing", record="x") is None
    assert rules.tier("in_construction", record="x") == 0
    assert rules.tier("upgrade", record="x") == 0
    assert rules.tier("start_construction", record="x") == 1
    assert rules.tier("proposed", record="x") == 4
    assert rules.widening == {"upgrade"}
    assert rules.mode_class("intercity_rail") == ("rail", "rail")
    assert rules.mode_class("expressway") == ("expressway", "expressway")
    assert rules.mode_class("trunk_road") == ("road", "trunk")
    assert rules.mode_class("channel") == ("", "")


def test_unknown_status_says_what_to_add():
    with pytest.raises(ParameterError, match=r"add \[status.finished\] with density_tier"):
        density_rules().tier("finished", record="r1")


def _edit(mini_dir, old, new):
    path = mini_dir / "vocab.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _by_id(result):
    return {r["id"]: r for r in result.projects.to_dict("records")}


def test_tier_from_vocab_moves_a_project_between_scenarios(mini_dir):
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    before = _by_id(density.compute(catalogue=cat))["rail_hefei_chaohu"]
    assert before["scenario"] == "today+under_construction"
    _edit(
        mini_dir,
        'density_tier = "today+under_construction"\n\n[status.upgrade]',
        'density_tier = "today+proposed"\n\n[status.upgrade]',
    )
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    after = _by_id(density.compute(catalogue=cat))["rail_hefei_chaohu"]
    assert after["scenario"] == "today+proposed"
    assert after["new_route_km"] == pytest.approx(before["new_route_km"])


def test_widening_from_vocab_adds_no_route_length(mini_dir):
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    assert _by_id(density.compute(catalogue=cat))["rail_hefei_chaohu"]["new_route_km"] > 10
    _edit(
        mini_dir,
        'density_tier = "today+under_construction"\n\n[status.upgrade]',
        'density_tier = "today+under_construction"\ndensity_widening = true\n\n[status.upgrade]',
    )
    cat = load_catalogue(mini_dir, gazetteer=mini_dir / "gazetteer.csv")
    assert _by_id(density.compute(catalogue=cat))["rail_hefei_chaohu"]["new_route_km"] == 0


def test_layer_without_density_key_is_not_counted(mini_catalogue):
    vocab = mini_catalogue.vocab
    layers = dict(vocab.layers)
    layers["highway"] = dataclasses.replace(layers["highway"], density=None)
    rules = density_rules(dataclasses.replace(vocab, layers=layers))
    assert rules.layers == ("rail",)
    assert rules.mode_class("expressway") == ("", "")
