"""Extraction on a real Dask cluster: a scheduler and two worker processes on loopback.

The Wikinews graph built through the cluster is the single-process graph:
same nodes, edges and attributes (and so isomorphic with attributes matched).
"""

from __future__ import annotations

from pathlib import Path

import dask
import networkx as nx
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from geokg.api import build
from geokg.cli import main
from geokg.distributed import extract_distributed
from geokg.errors import GeoKGError
from geokg.exports import jsonl_line
from geokg.extract.pipeline import Extractor
from geokg.model import Document

WIKINEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "wikinews.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},
    ) as local:
        yield local


def test_cluster_has_two_workers_on_loopback(cluster):
    workers = cluster.scheduler_info["workers"]
    assert len(workers) == 2
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    assert all(address.startswith("tcp://127.0.0.1:") for address in workers)


def test_partitions_come_back_in_input_order(cluster):
    texts = ["Russia attacked Ukraine.", "China criticized Japan.", "France met Germany in Paris."]
    docs = [Document(f"d{i}", texts[i % 3]) for i in range(11)]
    remote = list(extract_distributed(docs, cluster.scheduler_address, batch_size=2))
    local = list(Extractor(batch_size=2).extract(docs))
    assert [jsonl_line(ex) for ex in remote] == [jsonl_line(ex) for ex in local]


@pytest.mark.shared
@pytest.mark.slow
def test_wikinews_graph_through_dask_is_the_single_process_graph(cluster):
    if not WIKINEWS.is_file():
        pytest.skip(f"{WIKINEWS} is absent (the shared folder is not beside the checkout)")
    single = build([WIKINEWS]).nx
    distributed = build([WIKINEWS], dask=cluster.scheduler_address, batch_size=16).nx
    assert single.number_of_edges() > 50
    assert nx.utils.graphs_equal(distributed, single)
    assert nx.is_isomorphic(
        distributed, single, node_match=lambda a, b: a == b, edge_match=lambda a, b: a == b
    )


def test_cli_dask_local_starts_and_closes_its_own_cluster(tmp_path):
    single = CliRunner().invoke(main, ["-q", "extract", str(SEEDS)])
    local = CliRunner().invoke(main, ["-q", "extract", "--dask", "local", "-j", "1", str(SEEDS)])
    assert local.exit_code == 0, local.output
    assert local.stdout == single.stdout


def test_unreachable_scheduler_is_a_clear_error():
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(
            GeoKGError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"
        ):
            list(
                extract_distributed([Document("d", "Russia warned Ukraine.")], "tcp://127.0.0.1:9")
            )
