"""Stable ids for actors that no data table names."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slugify"]

_NON_WORD = re.compile(r"[^\w]+")


def slugify(name: str) -> str:
    """A lower-case, hyphenated id from a name; the same name gives the same id.

    Accents are folded where they fold to ASCII; other scripts are kept, so a
    non-Latin name still gets a non-empty id.

    Example:
        >>> slugify("Recep Tayyip Erdoğan")
        'recep-tayyip-erdogan'
        >>> slugify("al-Qaeda's")
        'al-qaeda'
    """
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = _NON_WORD.sub("-", folded.lower()).strip("-_")
    # Names of punctuation only still need a stable id (hash() is salted per run).
    return slug or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
