"""Fault tests of the build: SIGKILL, read-only and full output folders, concurrent builds.

After each fault the published outputs are one consistent set (old or new) and
nothing is left behind once the next build has run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from buildcheck import ROOT, assert_nothing_left, assert_one_set, build_command, published

from geo._publish import _destination, _store
from geo.cli import main
from geo.maps import _render

SEED = 20201030
KILL_TRIALS = 8


def _edit(catalogue: Path, marker: str) -> None:
    path = catalogue / "transport.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name_en = "', f'name_en = "{marker} ', 1), encoding="utf-8")


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(argv, capture_output=True, text=True, check=False, env=env, cwd=ROOT)


def _argv(catalogue: Path, out: Path) -> list[str]:
    return build_command(catalogue, out)[3:]  # without "python -m geo"


def _published_then_edited(catalogue: Path, out: Path, marker: str) -> dict[str, str]:
    """Build into ``out``, then edit the catalogue: the set that a failed build must keep."""
    assert main(_argv(catalogue, out)) == 0
    before = published(out)
    _edit(catalogue, marker)
    return before


def _refused_in_one_line(catalogue: Path, out: Path, capsys, message: str) -> None:
    """The next build exits 2 with one line on stderr that says ``message``."""
    assert main(_argv(catalogue, out)) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_sigkill_at_random_moments_leaves_old_or_new_set(mini_dir, tmp_path):
    out = tmp_path / "out"
    start = time.monotonic()
    first = _run(build_command(mini_dir, out))
    assert first.returncode == 0, first.stderr
    duration = time.monotonic() - start
    sets = [published(out)]
    rng = random.Random(SEED)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for trial in range(KILL_TRIALS):
        _edit(mini_dir, f"K{trial}")
        proc = subprocess.Popen(
            build_command(mini_dir, out), env=env, cwd=ROOT, stderr=subprocess.DEVNULL
        )
        # spread the kills over the whole run: loading, staging, publishing
        delay = duration * (0.3 + 0.9 * rng.random())
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        seen = assert_one_set(out)
        if proc.returncode == 0:
            sets.append(seen)
        assert seen in sets or proc.returncode == -signal.SIGKILL
        sets.append(seen)
    final = _run(build_command(mini_dir, out))
    assert final.returncode == 0, final.stderr
    assert_one_set(out)
    assert_nothing_left(out)


@pytest.mark.parametrize(
    ("code", "error", "message"),
    [
        (errno.ENOSPC, OSError, "disk full while writing"),
        (errno.EACCES, PermissionError, "permission denied"),
    ],
    ids=["disk-full", "permission"],
)
def test_write_error_while_staging_leaves_published_set(
    mini_dir, tmp_path, monkeypatch, capsys, code, error, message
):
    out = tmp_path / "out"
    before = _published_then_edited(mini_dir, out, errno.errorcode[code])

    def fail(path, data):
        raise error(code, os.strerror(code), str(path))

    monkeypatch.setattr(_render, "write_atomic", fail)
    _refused_in_one_line(mini_dir, out, capsys, message)
    assert published(out) == before
    assert_one_set(out)
    assert_nothing_left(out)


def test_too_little_free_space_refused_before_writing(mini_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    before = _published_then_edited(mini_dir, out, "Space")
    real = shutil.disk_usage

    def tiny(path):
        return real(path)._replace(free=1024)

    monkeypatch.setattr(_store.shutil, "disk_usage", tiny)
    _refused_in_one_line(mini_dir, out, capsys, "not enough free space")
    assert published(out) == before
    assert_nothing_left(out)


@contextlib.contextmanager
def _small_tmpfs(path: Path, size: str):
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here; the ENOSPC monkeypatch test covers it")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_real_full_disk_on_small_tmpfs(mini_dir, tmp_path, monkeypatch, capsys):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    # the free-space check would refuse first; let the writes themselves hit ENOSPC
    monkeypatch.setattr(_store, "MIN_FREE_BYTES", 0)
    monkeypatch.setattr(_store, "FREE_FACTOR", 0.0)
    with _small_tmpfs(tmp_path / "small", "64m") as small:
        out = small / "out"
        before = _published_then_edited(mini_dir, out, "Tmpfs")
        filler = small / "filler"
        free = shutil.disk_usage(small).free
        filler.write_bytes(b"\0" * max(0, free - 600_000))
        assert main(_argv(mini_dir, out)) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
        assert published(out) == before
        assert_nothing_left(out)


def test_read_only_store_refused_in_one_line(mini_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    before = _published_then_edited(mini_dir, out, "RO")
    store = (out / ".infra-map-data").resolve()
    real = os.access

    def no_write(path, mode, **kw):
        if Path(path).resolve() == store and mode & os.W_OK:
            return False
        return real(path, mode, **kw)

    monkeypatch.setattr(_destination.os, "access", no_write)
    _refused_in_one_line(mini_dir, out, capsys, "permission denied")
    assert published(out) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_real_read_only_output_parent(mini_dir, tmp_path, capsys):
    out = tmp_path / "out"
    before = _published_then_edited(mini_dir, out, "chmod")
    out.chmod(0o555)
    (out / ".infra-map-data").chmod(0o555)
    try:
        assert main(_argv(mini_dir, out)) == 2
    finally:
        (out / ".infra-map-data").chmod(0o755)
        out.chmod(0o755)
    assert "permission denied" in capsys.readouterr().err
    assert published(out) == before


def test_read_only_published_folder_is_replaced_and_cleaned(mini_dir, tmp_path):
    """A reader made the published data folder read-only: the next builds still publish."""
    out = tmp_path / "out"
    assert main(_argv(mini_dir, out)) == 0
    (out / "data" / "shapefiles").resolve().chmod(0o555)
    (out / "data").resolve().chmod(0o555)
    for marker in ("A", "B"):
        _edit(mini_dir, marker)
        assert main(_argv(mini_dir, out)) == 0
    assert_one_set(out)
    assert_nothing_left(out)


@pytest.mark.parametrize("wait", [None, "600"], ids=["refuse", "wait"])
def test_two_concurrent_builds(mini_dir, tmp_path, wait):
    out = tmp_path / "out"
    first = _run(build_command(mini_dir, out))
    assert first.returncode == 0, first.stderr
    other = tmp_path / "other"
    shutil.copytree(mini_dir, other)
    _edit(mini_dir, "One")
    _edit(other, "Two")
    extra = ("--wait", wait) if wait else ()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            build_command(cat, out, *extra),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cat in (mini_dir, other)
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    codes = sorted(code for code, _ in results)
    if wait:
        assert codes == [0, 0], results
    else:
        assert codes in ([0, 0], [0, 2]), results
        for code, err in results:
            if code == 2:
                errors = [line for line in err.splitlines() if line.startswith("infra-map:")]
                assert len(errors) == 1 and "another infra-map build is publishing" in errors[0]
                assert "Traceback" not in err
    assert_one_set(out)
    assert_nothing_left(out)
