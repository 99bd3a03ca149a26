"""Two installs from one repository: ``pip install '.[server]'`` must bring everything the server's
modules import and no Qt; ``'.[app]'`` everything the desktop app imports. Checked by importing
each side in a fresh interpreter and mapping the third-party modules it loaded to the
distributions the extra's requirements (and theirs, recursively) install."""

from __future__ import annotations

import importlib.metadata as md
import json
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
QT = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _modules(package: str, skip: tuple[str, ...] = ()) -> list[str]:
    path = ROOT / package
    found = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=f"{package}."):
        if not info.name.endswith("__main__") and not info.name.startswith(skip):
            found.append(info.name)
    return found


def _loaded_distributions(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    tops = set(json.loads(out.stdout)) - set(sys.stdlib_module_names)
    owners = md.packages_distributions()
    # Ours, and what site-packages' .pth files load in every interpreter (setuptools' shim).
    ignored = {"sync", "agent_app", "resources", "_distutils_hack"}
    # Imported only when present (anyio uses sniffio if some other tool installed it: here
    # selenium, through trio); neither install needs it.
    ignored |= {"sniffio"}
    tops = {t for t in tops - ignored if not t.startswith("__editable__")}
    return {_canon(d) for top in tops for d in owners.get(top, [])}


def _closure(requirements: list[str]) -> set[str]:
    """Every distribution installing ``requirements`` brings, following their own requirements."""
    seen: set[str] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = _canon(req.name)
        if name == _canon(PROJECT["name"]):
            todo.extend((Requirement(r), "") for r in PROJECT["dependencies"])
            for own_extra in req.extras:
                todo.extend(
                    (Requirement(r), "") for r in PROJECT["optional-dependencies"][own_extra]
                )
            continue
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(req.name) or []
        except md.PackageNotFoundError:
            continue  # not installed here (another platform's marker); nothing to follow
        for wanted in (*req.extras, ""):
            todo.extend((Requirement(r), wanted) for r in requires)
    return seen


def _install(extra: str) -> set[str]:
    return _closure([*PROJECT["dependencies"], *PROJECT["optional-dependencies"][extra]])


def test_the_server_install_covers_the_server_and_has_no_qt():
    installed = _install("server")
    assert not installed & QT, f"the server install would bring Qt: {sorted(installed & QT)}"
    loaded = _loaded_distributions(_modules("sync", skip=("sync.client",)))
    assert "sqlalchemy" in loaded, "the check loaded nothing of the server"
    missing = loaded - installed
    assert not missing, f"'.[server]' lacks what the server imports: {sorted(missing)}"


def test_the_app_install_covers_the_desktop_app_without_the_postgresql_driver():
    installed = _install("app")
    loaded = _loaded_distributions([*_modules("agent_app"), "sync.client"])
    assert "pyside6-essentials" in loaded or "shiboken6" in loaded, "the check loaded no Qt"
    missing = loaded - installed
    assert not missing, f"'.[app]' lacks what the app imports: {sorted(missing)}"
    assert "psycopg" not in installed, "a laptop never talks to PostgreSQL"


def test_the_check_itself_can_fail():
    # A requirement list missing SQLAlchemy must be caught by the same comparison.
    without = [r for r in PROJECT["optional-dependencies"]["server"] if "SQLAlchemy" not in r]
    installed = _closure([*PROJECT["dependencies"], *without])
    loaded = _loaded_distributions(["sync.server.db"])
    assert "sqlalchemy" in loaded - installed


@pytest.mark.parametrize("extra", ["server", "app"])
def test_dev_installs_both_sides(extra):
    assert "bhxh-field-agent[server,app]" in PROJECT["optional-dependencies"]["dev"]
    assert _install(extra) <= _closure(PROJECT["optional-dependencies"]["dev"])
