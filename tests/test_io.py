"""Atomic writes: a failed write leaves the previous file and no debris."""

from __future__ import annotations

import pytest

from geo import _io


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "m.html"
    _io.write_atomic(target, "old")
    _io.write_atomic(target, b"new")
    assert target.read_text() == "new"

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(_io.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        _io.write_atomic(target, "half-written")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html"]
