"""What a benchmark ran on: CPU model and vector extensions, and the BLAS behind each matrix.

The project's machines differ (an AMD EPYC with AVX-512, another with AVX2
only), and so do the kernels the two BLAS libraries pick at run time: thinc
multiplies with the ``blis`` package, whose kernel is chosen for the CPU it
recognizes ('generic' when it recognizes none), and numpy with its bundled
OpenBLAS, which names the kernel it chose. Figures measured on one are not
figures of the other; every benchmark prints these lines.

Usage:
    python benchmarks/machine.py
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

# Vector extensions that decide which kernels the BLAS libraries can use.
_FLAGS = ("avx512f", "avx512bw", "avx512vl", "avx512_bf16", "avx2", "fma", "avx", "sse4_2")


def cpu() -> str:
    """The CPU model, family and model numbers, and its vector extensions."""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    model = fields.get("model name") or platform.processor() or platform.machine()
    flags = set(fields.get("flags", "").split())
    vector = [f for f in _FLAGS if f in flags]
    family = fields.get("cpu family", "?")
    number = fields.get("model", "?")
    return (
        f"CPU: {model} (family {family}, model {number}), {os.cpu_count()} cores; "
        f"vector extensions: {' '.join(vector) or 'unknown'}"
    )


def blis_kernel() -> str:
    """The sub-configuration (kernel family) the blis package selects on this CPU."""
    code = "import numpy, blis.py; a = numpy.ones((4, 4), dtype='f'); blis.py.gemm(a, a)"
    env = {**os.environ, "BLIS_ARCH_DEBUG": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    found = re.search(r"sub-configuration '([^']+)'", done.stdout + done.stderr)
    return found.group(1) if found else "unknown"


def numpy_blas() -> str:
    """numpy's BLAS library, its version and the kernel (architecture) it chose."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl missing)"
    import numpy  # noqa: F401  (loads the BLAS threadpoolctl inspects)

    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not libs:
        return "none found"
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')}, kernel {i.get('architecture', '?')}"
        for i in libs
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def describe() -> list[str]:
    """Lines that say what the benchmark ran on and which kernels multiplied."""
    blas = os.environ.get("GEOKG_BLAS", "numpy")
    return [
        cpu(),
        f"Python {platform.python_version()}, spaCy {_version('spacy')}, "
        f"thinc {_version('thinc')}, numpy {_version('numpy')}",
        f"thinc's default ops: blis {_version('blis')}, kernel {blis_kernel()!r}",
        f"numpy's BLAS: {numpy_blas()}",
        f"geokg's pipeline multiplies with: "
        f"{'blis (GEOKG_BLAS=blis)' if blas.lower() == 'blis' else 'numpy BLAS, 1 thread'}",
    ]


def print_machine() -> None:
    for line in describe():
        print(line)


if __name__ == "__main__":
    print_machine()
