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

import operator
import weakref
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from spacy.attrs import IDX, IS_ALPHA, LEMMA, ORTH, POS, SPACY
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

__all__ = ["Columns", "columns", "forget_columns"]

_ATTRS = [ORTH, LEMMA, POS, IS_ALPHA, IDX, SPACY]
_MEMO: weakref.WeakKeyDictionary[Doc, Columns] = weakref.WeakKeyDictionary()
# The document asked about last, and its columns: the rules ask about one document
# tens of thousands of times in a row, and a look-up in _MEMO makes a weak reference.
_last: tuple[weakref.ref[Doc], Columns] | None = None


@dataclass(frozen=True, slots=True)
class Columns:
    """One document's token attributes, by token position.

    Attributes:
        text: ``Token.text``.
        lower: ``Token.lower_``.
        lemma: ``Token.lemma_.lower()``.
        pos: ``Token.pos_``.
        alpha: ``Token.is_alpha``.
        idx: ``Token.idx``.
        space: ``Token.whitespace_``.
    """

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    alpha: list[bool]
    idx: list[int]
    space: list[str]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (which spaCy joins from a ``Token`` per word)."""
        if start >= end:
            return ""
        last = end - 1
        words = map(operator.add, self.text[start:last], self.space[start:last])
        return "".join([*words, self.text[last]])

    def doc_text(self) -> str:
        """``Doc.text``."""
        return "".join(map(operator.add, self.text, self.space))

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
_POS = {int(k): v for k, v in POS_NAMES.items()}
_SPACE = ("", " ")


class _Lower(dict[str, str]):
    """A word -> its ``lower_``: English lexemes' LOWER is ``str.lower`` of the word.

    (Keyed by the word, whose hash Python keeps, rather than by the hash of its
    lexeme's LOWER: the rules' time is mostly such look-ups.)
    """

    def __missing__(self, word: str) -> str:
        self[word] = word.lower()
        return self[word]


_LOWER = _Lower()


def columns(doc: Doc) -> Columns:
    """The token attributes of ``doc``, read once (remembered while the document lives).

    >>> import spacy
    >>> doc = spacy.blank("en")("The US-led Coalition")
    >>> columns(doc).lower
    ['the', 'us', '-', 'led', 'coalition']
    """
    global _last
    if _last is not None and _last[0]() is doc:
        return _last[1]
    found = _MEMO.get(doc)
    if found is not None:
        _last = (weakref.ref(doc), found)
        return found
    strings, folded = _STRINGS.get(id(doc.vocab.strings), (None, None))
    if strings is None or folded is None or strings.strings is not doc.vocab.strings:
        strings = _Strings(doc.vocab.strings)
        folded = _Strings(doc.vocab.strings, fold=True)
        _STRINGS[id(doc.vocab.strings)] = (strings, folded)
    array = doc.to_array(_ATTRS).T.tolist() if len(doc) else [[]] * len(_ATTRS)
    orth, lemma, pos, alpha, idx, space = array
    text = list(map(strings.__getitem__, orth))
    found = Columns(
        text=text,
        lower=list(map(_LOWER.__getitem__, text)),
        lemma=list(map(folded.__getitem__, lemma)),
        pos=list(map(_POS.__getitem__, pos)),
        alpha=[a == 1 for a in alpha],
        idx=idx,
        space=list(map(_SPACE.__getitem__, space)),
    )
    _MEMO[doc] = found
    _last = (weakref.ref(doc), found)
    return found


def forget_columns(doc: Doc) -> None:
    """Drop what :func:`columns` remembers of ``doc`` (its annotations were just changed)."""
    global _last
    _MEMO.pop(doc, None)
    _last = None
