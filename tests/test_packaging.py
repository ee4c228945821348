"""The user's layout survives packaging: every package folder is in the wheel."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def setuptools_config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_package_folder_is_listed(setuptools_config):
    """A folder with an __init__.py under a mapped package must be in ``packages``.

    Otherwise setuptools silently leaves it out of the wheel.
    """
    listed = set(setuptools_config["packages"])
    mapping = setuptools_config["package-dir"]
    found = set()
    for package, folder in mapping.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            found.add(".".join([package, *rel.parts]) if rel.parts else package)
    assert found, "no package folder found"
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"


def test_the_card_layout_exists():
    for name in ("pyproject.toml", "README.md", "graph", "extract", "exports", "tests", "seeds"):
        assert (ROOT / name).exists(), name
    assert any((ROOT / "seeds").iterdir()), "the seed article is the default input"


@pytest.mark.parametrize(
    "module", ["geokg", "geokg.extract", "geokg.graph", "geokg.exports", "geokg.cli"]
)
def test_subpackages_import_from_their_folders(module):
    mod = importlib.import_module(module)
    assert Path(mod.__file__).resolve().is_relative_to(ROOT) or "site-packages" in mod.__file__


def test_package_data_is_declared(setuptools_config):
    data = setuptools_config["package-data"]["geokg.extract"]
    shipped = {p.name for p in (ROOT / "extract" / "data").iterdir()}
    patterns = {Path(p).suffix for p in data}
    for name in shipped:
        assert Path(name).suffix in patterns, f"extract/data/{name} would not be in the wheel"
