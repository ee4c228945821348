"""notebooks/quickstart.ipynb runs headless, top to bottom, on a python3 kernel.

Slow (the real model over the seeds and, when ../shared is there, the Wikinews
sample), but part of the default ``pytest``: a notebook that no test runs rots.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


def test_notebook_is_committed_without_outputs():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.slow
def test_quickstart_notebook_runs(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel inherits this environment: the notebook writes into tmp_path.
    monkeypatch.setenv("QUICKSTART_OUT", str(tmp_path))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell raises
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    assert (tmp_path / "wikinews" / "graph.html").is_file()
    shown = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {}) and "<iframe" in o["data"]["text/html"]
    ]
    assert shown, "the interactive view is displayed"
    assert any('<iframe title="geokg map"' in o["data"]["text/html"] for o in shown), "the map"
    images = [
        c.source
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert any("timeline(" in source for source in images), "a timeline is drawn"
    assert (tmp_path / "wikinews" / "graph-map.html").is_file()
    assert (tmp_path / "wikinews" / "timeline.png").is_file()
