"""No ``Any`` in public signatures: every name a public module of geo/ or layers/ exports."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing

import numpy as np
import pytest

import geo
import layers

_ANY = re.compile(r"(?<![\w.])(typing\.)?Any\b")


def _public_modules() -> list[str]:
    names = []
    for pkg in (geo, layers):
        names.append(pkg.__name__)
        for info in pkgutil.walk_packages(pkg.__path__, f"{pkg.__name__}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                names.append(info.name)
    return names


def _mentions_any(annotation: object) -> bool:
    if isinstance(annotation, str):
        return bool(_ANY.search(annotation))
    if annotation is typing.Any:
        return True
    if typing.get_origin(annotation) is np.ndarray:  # NDArray[...] spells its shape as Any
        return False
    return any(_mentions_any(arg) for arg in typing.get_args(annotation))


def _signatures(obj: object) -> list[tuple[str, dict[str, object]]]:
    """(label, annotations) of a function, or of a class, its fields and public methods."""
    if inspect.isclass(obj):
        out = [("", dict(getattr(obj, "__annotations__", {})))]
        for name, member in vars(obj).items():
            if name.startswith("_") and name != "__init__":
                continue
            func = member.fget if isinstance(member, property) else member
            func = getattr(func, "__func__", func)
            if inspect.isfunction(func):
                out.append((f".{name}", dict(func.__annotations__)))
        return out
    if inspect.isfunction(obj):
        return [("", dict(obj.__annotations__))]
    return []


def _public_any() -> list[str]:
    found = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        module_ann = getattr(module, "__annotations__", {})
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if name in module_ann and _mentions_any(module_ann[name]):
                found.append(f"{module_name}.{name}")
            for label, hints in _signatures(obj):
                for param, annotation in hints.items():
                    if _mentions_any(annotation):
                        found.append(f"{module_name}.{name}{label} [{param}]: {annotation}")
    return found


def test_public_modules_are_found():
    modules = _public_modules()
    assert {"geo.density", "geo.export", "geo.netstats", "layers"} <= set(modules)
    assert not any("._" in m for m in modules)


def test_no_any_in_public_signatures():
    assert _public_any() == []


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("Mapping[str, Any]", True),
        ("dict[str, typing.Any]", True),
        ("Mapping[str, object]", False),
        ("AnyStr", False),
        ("NDArray[np.float64]", False),
        (dict[str, typing.Any], True),
        (np.typing.NDArray[np.float64], False),
    ],
)
def test_the_check_sees_any(annotation, expected):
    assert _mentions_any(annotation) is expected
