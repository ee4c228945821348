"""The user's layout survives packaging: every package folder is in the wheel, and
the wheel, installed into a fresh venv, builds the seed graph from an empty folder."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
from functools import partial
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


def test_the_seed_article_is_package_data(setuptools_config):
    """seeds/ is geokg.seeds in the wheel: every file in it matches its patterns."""
    assert setuptools_config["package-dir"]["geokg.seeds"] == "seeds"
    assert "geokg.seeds" in setuptools_config["packages"]
    patterns = setuptools_config["package-data"]["geokg.seeds"]
    for path in (ROOT / "seeds").iterdir():
        assert any(path.match(p) for p in patterns), f"seeds/{path.name} would not be in the wheel"


def _source_files() -> list[str]:
    """The checkout's files as a clone would have them: tracked, or new and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout to copy")
def test_the_wheel_builds_the_seed_graph_in_an_empty_folder(tmp_path):
    """pip wheel, a fresh venv, pip install of the wheel, `geokg build` in an empty folder.

    The venv sees this interpreter's packages (spaCy, the model, ...) through a
    .pth file, but not the checkout: geokg is the wheel's, the seed its package
    data. The wheel is built from a copy, so the checkout gets no build/ folder.
    """
    source = tmp_path / "source"
    for name in _source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    run = partial(subprocess.run, capture_output=True, text=True, timeout=600)
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, source])
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("geokg-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    site_packages = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
    ).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(site_packages, "geokg-test-deps.pth").write_text("\n".join(deps) + "\n")
    installed = run([python, "-m", "pip", "install", "--no-deps", "--no-index", wheel])
    assert installed.returncode == 0, installed.stdout + installed.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    where = run([python, "-c", "import geokg; print(geokg.__file__)"], cwd=empty)
    assert Path(where.stdout.strip()).is_relative_to(site_packages), where.stdout + where.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    done = run([venv / "bin" / "geokg", "build"], cwd=empty, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("1 document read, 0 skipped"), done.stdout
    assert "Outputs in geokg-out/" in done.stdout
    extraction = json.loads((empty / "geokg-out" / "extraction.jsonl").read_text("utf-8"))
    assert extraction["doc_id"] == "000_65ef862550bf1d40.txt"
    assert Path(extraction["meta"]["source"]).is_relative_to(site_packages)
    assert sorted(p.name for p in empty.iterdir()) == ["geokg-out"]
