"""A parsed document's token attributes as plain lists, read once per document.

The rules scan every token of a document a dozen times, each looking for a
few words ("led", a title, an agent noun). Asking spaCy for a ``Token`` and
its ``lower_`` costs about 0.4 µs a token, and the scans made up most of the
rule stage's time; a list of strings read once per document lets a scan
skip the tokens that cannot match and make ``Token`` objects only for those
that can. The lists hold exactly what the ``Token`` attributes of the same
name return (``lemma`` is ``lemma_.lower()``); the parse of a document does
not change once the rules read it.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from spacy.attrs import DEP, IDX, IS_ALPHA, LEMMA, LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["Columns", "columns", "forget_columns"]

_ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, IS_ALPHA, IDX, SPACY]
_MEMO: weakref.WeakKeyDictionary[Doc, Columns] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Columns:
    """One document's token attributes, by token position.

    Attributes:
        text: ``Token.text``.
        lower: ``Token.lower_``.
        lemma: ``Token.lemma_.lower()``.
        pos: ``Token.pos_``.
        dep: ``Token.dep_``.
        alpha: ``Token.is_alpha``.
        idx: ``Token.idx``.
        string: ``Doc.text`` (which spaCy joins anew at each call).
    """

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    dep: list[str]
    alpha: list[bool]
    idx: list[int]
    string: str

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if start >= end:
            return ""
        return self.string[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]

    def where(self, column: list[str], words: Collection[str]) -> Iterator[int]:
        """Positions whose value in ``column`` is one of ``words``, in order."""
        return (i for i, w in enumerate(column) if w in words)


class _Strings(dict[int, str]):
    """Hash -> string of the vocabulary, each looked up once per process."""

    def __init__(self, strings: StringStore, *, fold: bool = False) -> None:
        super().__init__()
        self.strings = strings
        self.fold = fold

    def __missing__(self, key: int) -> str:
        value = self.strings[key]
        value = value.lower() if self.fold else value
        self[key] = value
        return value


_STRINGS: dict[int, tuple[_Strings, _Strings]] = {}


def columns(doc: Doc) -> Columns:
    """The token attributes of ``doc``, read once (remembered while the document lives).

    >>> import spacy
    >>> doc = spacy.blank("en")("The US-led Coalition")
    >>> columns(doc).lower
    ['the', 'us', '-', 'led', 'coalition']
    """
    found = _MEMO.get(doc)
    if found is not None:
        return found
    strings, folded = _STRINGS.get(id(doc.vocab.strings), (None, None))
    if strings is None or strings.strings is not doc.vocab.strings:
        strings = _Strings(doc.vocab.strings)
        folded = _Strings(doc.vocab.strings, fold=True)
        _STRINGS[id(doc.vocab.strings)] = (strings, folded)
    assert folded is not None
    array = doc.to_array(_ATTRS).T.tolist() if len(doc) else [[]] * len(_ATTRS)
    orth, lower, lemma, pos, dep, alpha, idx, space = array
    text = [strings[h] for h in orth]
    found = Columns(
        text=text,
        lower=[strings[h] for h in lower],
        lemma=[folded[h] for h in lemma],
        pos=[POS_NAMES[p] for p in pos],
        dep=[strings[h] for h in dep],
        alpha=[a == 1 for a in alpha],
        idx=idx,
        string="".join([w + " " if s else w for w, s in zip(text, space, strict=True)]),
    )
    _MEMO[doc] = found
    return found


def forget_columns(doc: Doc) -> None:
    """Drop what :func:`columns` remembers of ``doc`` (its annotations were just changed)."""
    _MEMO.pop(doc, None)
