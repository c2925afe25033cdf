"""The mutation runner shared by the tools/mutate_*.py scripts.

A :class:`Mutation` replaces one piece of source text (which must occur exactly
once) in a scratch copy of the repository; :func:`load` reads a list of them
from a TOML file (``tools/mutations/*.toml``); :func:`run` checks that the
unmutated copy passes, then applies each mutation alone, runs the tests that
hold it and prints ``killed`` (a test failed) or ``SURVIVED`` (every test
passed) per mutation, and returns the exit status: 0 when every mutant is
killed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Mutation", "load", "main", "run", "script"]

ROOT = Path(__file__).resolve().parents[1]
_COPIED = ("geo", "layers", "tests")


@dataclass(frozen=True)
class Mutation:
    """One hand-made change: in ``module`` (a path from the repository root), ``old`` -> ``new``."""

    name: str
    module: str
    old: str
    new: str
    tests: tuple[str, ...]
    """Test files (from the repository root) that must fail on the mutant."""


def load(path: Path) -> list[Mutation]:
    """Read the mutations of a TOML file, in its order.

    The file holds ``[[group]]`` tables, each with ``module`` (a path from the
    repository root), ``tests`` (test files that must fail on its mutants) and
    ``[[group.mutation]]`` tables of ``name``, ``old``, ``new`` and, optionally,
    their own ``tests``.
    """
    with path.open("rb") as f:
        doc = tomllib.load(f)
    return [
        Mutation(m["name"], g["module"], m["old"], m["new"], tuple(m.get("tests", g["tests"])))
        for g in doc["group"]
        for m in g["mutation"]
    ]


def _import_name(module: str) -> str:
    return module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _run_tests(tree: Path, module: str, tests: Sequence[str]) -> tuple[bool, str]:
    """Run ``tests`` in ``tree``; check that ``module`` is imported from there."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    args = ["-q", "-x", "-p", "no:cacheprovider", *tests]
    cmd = [
        sys.executable,
        "-c",
        f"import sys, pytest, {_import_name(module)} as m; "
        f"assert m.__file__.startswith({str(tree)!r}), m.__file__; "
        f"sys.exit(pytest.main({args!r}))",
    ]
    proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    return proc.returncode == 0, (lines[-1] if lines else proc.stderr.strip()[-200:])


def run(mutations: Sequence[Mutation], *, what: str, prefix: str) -> int:
    """Apply each mutation alone in a scratch copy, print its verdict, return the exit status.

    Parameters
    ----------
    mutations : sequence of Mutation
    what : str
        What the unmutated copy is, for the first line ("unmutated kernel").
    prefix : str
        Prefix of the scratch folder's name.
    """
    sources = {m.module: (ROOT / m.module).read_text(encoding="utf-8") for m in mutations}
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        tree = Path(tmp)
        for name in _COPIED:
            shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
        baseline: dict[tuple[str, ...], tuple[bool, str]] = {}
        for m in mutations:
            if m.tests not in baseline:
                baseline[m.tests] = _run_tests(tree, m.module, m.tests)
                ok, last = baseline[m.tests]
                print(f"unmutated {what}, {' '.join(m.tests)}: {'pass' if ok else 'FAIL'} ({last})")
                if not ok:
                    return 1
        survived = 0
        for m in mutations:
            source = sources[m.module]
            if source.count(m.old) != 1:
                print(f"  ?? {m.name}: pattern not found once in {m.module}; update this tool")
                survived += 1
                continue
            (tree / m.module).write_text(source.replace(m.old, m.new), encoding="utf-8")
            t = time.perf_counter()
            passed, last = _run_tests(tree, m.module, m.tests)
            (tree / m.module).write_text(source, encoding="utf-8")
            verdict = "SURVIVED" if passed else "killed"
            survived += passed
            print(f"  {verdict:<8} {m.name}  [{time.perf_counter() - t:.0f} s: {last}]")
    print(f"{len(mutations) - survived} of {len(mutations)} mutants killed")
    return 0 if survived == 0 else 1


def main(
    mutations: Sequence[Mutation],
    *,
    description: str,
    what: str,
    prefix: str,
    argv: list[str] | None = None,
) -> int:
    """Parse the scripts' command line (``-k TEXT``: only mutations naming TEXT) and run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-k", default="", help="only mutations whose name or module contains this")
    args = parser.parse_args(argv)
    chosen = [m for m in mutations if args.k in m.name or args.k in m.module]
    if not chosen:
        print(f"no mutation's name contains {args.k!r}")
        return 1
    return run(chosen, what=what, prefix=prefix)


def script(table: str, *, doc: str | None, what: str, argv: list[str] | None = None) -> int:
    """Run the mutations of ``tools/mutations/TABLE.toml`` (``-k`` as in :func:`main`)."""
    return main(
        load(Path(__file__).resolve().parent / "mutations" / f"{table}.toml"),
        description=(doc or "").splitlines()[0],
        what=what,
        prefix=f"mutate-{table}-",
        argv=argv,
    )
