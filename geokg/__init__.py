"""geokg: geopolitical knowledge graphs from news articles.

The public API; the CLI (``geokg``) is a thin layer over it.
"""

from __future__ import annotations

import types

import geokg.extract as _extract_package
from geokg.api import build
from geokg.api import extract as _extract_text
from geokg.errors import ExportError, GeoKGError, InputError, ModelError
from geokg.events import read_events
from geokg.kg import KnowledgeGraph, load
from geokg.model import Document, Entity, Extraction, Magnitude, Relation

__all__ = [
    "Document",
    "Entity",
    "ExportError",
    "Extraction",
    "GeoKGError",
    "InputError",
    "KnowledgeGraph",
    "Magnitude",
    "ModelError",
    "Relation",
    "__version__",
    "build",
    "extract",
    "load",
    "read_events",
]

__version__ = "0.1.0"


class _CallablePackage(types.ModuleType):
    """``geokg.extract`` is both the subpackage (``geokg.extract.pipeline``, ...) and
    :func:`geokg.api.extract`: ``geokg.extract("Russia warned Ukraine.")``.

    A plain function bound to the name would shadow the subpackage for dotted
    look-ups (``import geokg.extract.inputs as m``, ``mock.patch("geokg.extract...")``).
    """

    def __call__(self, text: str, *, doc_id: str = "text", **meta) -> Extraction:
        return _extract_text(text, doc_id=doc_id, **meta)

    __call__.__doc__ = _extract_text.__doc__


_extract_package.__class__ = _CallablePackage
extract = _extract_package
