"""The README's two set-up commands stay true, and CI runs the README's test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = []
    for line in lines[1:]:
        if not line.strip():
            if block:
                break
            continue
        assert line.startswith("    "), "the README must open with the two commands as a code block"
        block.append(line.strip())
    return block


def test_readme_opens_with_exactly_two_commands():
    build, test = _commands()
    assert build.endswith("infra-map build")
    assert "'.[test]'" in test and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    _, test = _commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    python_part = test[test.index("python3 -m venv") :]
    assert python_part in ci.splitlines()
    # and CI installs what the apt part of the command installs
    for package in ("python3-qgis", "chromium", "fonts-noto-cjk"):
        assert package in ci
