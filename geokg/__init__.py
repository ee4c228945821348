"""geokg: geopolitical knowledge graphs from news articles.

The public API; the CLI (``geokg``) is a thin layer over it.
"""

from __future__ import annotations

from geokg.errors import ExportError, GeoKGError, InputError, ModelError
from geokg.model import Document, Entity, Extraction, Relation

__all__ = [
    "Document",
    "Entity",
    "ExportError",
    "Extraction",
    "GeoKGError",
    "InputError",
    "ModelError",
    "Relation",
    "__version__",
]

__version__ = "0.1.0"
