"""The one base error of geokg and its few subclasses.

Library code raises these; only the CLI turns them into messages and exit
codes. A message names the bad value, what was expected and how to fix it.
"""

from __future__ import annotations

__all__ = ["GeoKGError", "InputError", "ModelError", "ExportError", "TimeLimitError"]


class GeoKGError(Exception):
    """Base class of every error geokg raises on purpose."""


class InputError(GeoKGError):
    """An input file or record cannot be read as a news document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class TimeLimitError(InputError):
    """A document took longer than the per-document time limit; it is skipped."""


class ModelError(GeoKGError):
    """The spaCy pipeline is missing or unusable."""


class ExportError(GeoKGError):
    """A graph cannot be written in the requested format."""
