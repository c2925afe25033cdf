"""Seeded mutation fuzzing of the catalogue, gazetteer, vocab.toml and network files.

Every mutant goes through the command line (``validate``, or ``density`` for
networks). It must end in exit status 0 or 2, never a traceback or an
"internal error"; a mutant that must be refused (empty, BOM, garbage, a wrong
value where a field was) must exit 2 with one line. A sample of the accepted
ones is then built: what ``validate`` accepts, ``build`` builds.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import fuzzlib
import pytest

from geo._paths import REFERENCE_NETWORK
from geo.cli import main

SEED = 20200628
CASES = {"catalogue": 40, "text": 40, "vocab": 30, "gazetteer": 30, "network": 18}
BUILDS_OF_ACCEPTED = 2
BUDGET_S = 60.0


def _network_fixture(path: Path) -> Path:
    doc = json.loads(REFERENCE_NETWORK.read_text(encoding="utf-8"))
    feats = [
        {
            "type": "Feature",
            "properties": {k: f["properties"][k] for k in ("id", "mode", "kind")},
            "geometry": f["geometry"],
        }
        for f in doc["features"]
        if f["geometry"]["type"] == "LineString"
    ][:6]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return path


def _outcome(capsys, argv: list[str]) -> tuple[int, list[str], str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.startswith("infra-map:")], err


def _check(capsys, argv: list[str], mutant: fuzzlib.Mutant, label: str) -> int:
    code, errors, err = _outcome(capsys, argv)
    where = f"{label}: {mutant.what}"
    assert "Traceback" not in err, f"{where}: traceback\n{err}"
    assert not any("internal error" in line for line in errors), f"{where}: {errors}"
    assert code in (0, 2), f"{where}: exit {code}"
    if code == 2:
        assert len(errors) == 1 and len(errors[0]) <= 700, f"{where}: {errors}"
    if mutant.bad:
        assert code == 2, f"{where}: accepted, must be refused"
    return code


def test_mutation_fuzz(mini_dir, tmp_path, capsys):
    rng = random.Random(SEED)
    started, cpu = time.monotonic(), time.process_time()
    originals = {p.name: p.read_bytes() for p in mini_dir.iterdir()}
    net = _network_fixture(tmp_path / "net.geojson")
    net_original = net.read_bytes()
    out = tmp_path / "out"
    base = ["--catalogue", str(mini_dir), "--gazetteer", str(mini_dir / "gazetteer.csv")]
    validate = [
        "validate",
        "-q",
        *base,
        "--data-dir",
        str(out / "data"),
        "--maps-dir",
        str(out / "maps"),
    ]
    accepted: list[tuple[str, bytes, str]] = []
    plan: list[tuple[str, str, fuzzlib.Mutator]] = []
    plan += [("catalogue", "transport.toml", fuzzlib.mutate_catalogue)] * CASES["catalogue"]
    files = ["transport.toml", "environment.toml", "vocab.toml", "gazetteer.csv"]
    plan += [("text", rng.choice(files), fuzzlib.mutate_text) for _ in range(CASES["text"])]
    plan += [("vocab", "vocab.toml", fuzzlib.mutate_vocab)] * CASES["vocab"]
    plan += [("gazetteer", "gazetteer.csv", fuzzlib.mutate_gazetteer)] * CASES["gazetteer"]
    counts = {"refused": 0, "accepted": 0}
    for kind, name, mutator in plan:
        target = mini_dir / name
        mutant = mutator(rng, originals[name])
        target.write_bytes(mutant.data)
        try:
            code = _check(capsys, validate, mutant, f"{kind} {name}")
        finally:
            target.write_bytes(originals[name])
        counts["refused" if code else "accepted"] += 1
        if code == 0:
            accepted.append((name, mutant.data, mutant.what))
        assert not out.exists(), f"validate wrote into {out} ({mutant.what})"
    for _ in range(CASES["network"]):
        mutant = fuzzlib.mutate_network(rng, net_original)
        net.write_bytes(mutant.data)
        _check(capsys, ["density", *base, "--network", str(net)], mutant, "network")
        counts["refused"] += 1
    build = ["build", "-q", *base, "--data-dir", str(out / "data"), "--maps-dir", str(out / "maps")]
    for name, data, what in rng.sample(accepted, min(BUILDS_OF_ACCEPTED, len(accepted))):
        (mini_dir / name).write_bytes(data)
        code, errors, _ = _outcome(capsys, build)
        (mini_dir / name).write_bytes(originals[name])
        assert code == 0, f"validate accepted {name} ({what}) but build refused it: {errors}"
    elapsed, used = time.monotonic() - started, time.process_time() - cpu
    print(f"fuzz: {sum(CASES.values())} mutants, {counts}, {elapsed:.1f} s ({used:.1f} s CPU)")
    # CPU time, so that other jobs on a shared machine do not count against the budget
    if used > BUDGET_S:
        pytest.fail(f"fuzzing took {used:.0f} s of CPU, over its {BUDGET_S:.0f} s budget")
