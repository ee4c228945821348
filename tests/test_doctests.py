"""Every docstring example of the geokg package runs, one test per docstring.

Not ``--doctest-modules``: the subpackages live in top-level folders mapped
into ``geokg`` (``graph/`` is ``geokg.graph``), so pytest would import
``graph/build.py`` a second time as a module named ``graph.build``. Here each
module is imported by its real name and its examples run through
:mod:`doctest` (with ``-W error`` in force, so a warning fails an example).
Examples in ``geokg.extract`` run the real spaCy model.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("geokg", "geokg.extract", "geokg.graph", "geokg.exports", "geokg.view")
# Importing __main__ would run the CLI.
SKIP = frozenset({"geokg.__main__"})
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    names = set(PACKAGES)
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        names.update(
            f"{package}.{info.name}" for info in pkgutil.iter_modules(path) if not info.ispkg
        )
    return sorted(names - SKIP)


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    by_text: dict[str, doctest.DocTest] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for test in finder.find(module, name):
            # A docstring shared by two objects (geokg.extract's __call__ borrows
            # geokg.api.extract's) runs once, under its public name.
            seen = by_text.get(test.docstring or "")
            if test.examples and (seen is None or "._" in seen.name):
                by_text[test.docstring or ""] = test
    return sorted(by_text.values(), key=lambda t: t.name)


DOCTESTS = _doctests()


def test_doctests_are_found():
    names = {t.name for t in DOCTESTS}
    for expected in (
        "geokg.kg.KnowledgeGraph",
        "geokg.api.build",
        "geokg.graph.build.build_graph",
        "geokg.view.html.view_data",
        "geokg.exports.turtle.iri_for",
    ):
        assert expected in names


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_docstring_examples(test: doctest.DocTest):
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=True)
    if runner.failures:
        pytest.fail("".join(report), pytrace=False)
