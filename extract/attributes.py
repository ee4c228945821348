"""Part of speech, morphology and lemmas, memoized per word form.

The English pipeline derives ``pos_``, ``morph`` and ``lemma_`` from the
tagger's ``tag_`` with two rule components: ``attribute_ruler`` (a
``Matcher`` tried at every token) and the rule ``lemmatizer`` (Python per
token); together they cost about a seventh of the whole pipeline. Yet their
result for a token only depends on its text, tag and dependency label,
except where one of the ruler's few multi-token patterns ("there is",
"gon na", "let 's") sets it. :class:`TokenAttributes` runs spaCy's own two
components once per new (text, tag, label), remembers the result and sets a
document's attributes from the memo in one array operation; a token that a
multi-token pattern sets is run through the two components with its
neighbours. The attributes are therefore exactly spaCy's (the tests compare
them on the corpus).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

__all__ = ["FACTORY", "TokenAttributes", "install"]

log = logging.getLogger(__name__)

FACTORY = "geokg_token_attributes_v1"

# Token attributes that are a function of the text, the tag and the label:
# patterns on these alone can be memoized (or rerun on a window of tokens).
_LOCAL_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "IS_SPACE", "TAG", "DEP", "OP"})
_OUT = [POS, MORPH, LEMMA, TAG, DEP]
# Keys remembered before the memo starts afresh: bounds memory on an endless stream.
_MEMO_LIMIT = 1 << 20


class TokenAttributes:
    """``attribute_ruler`` followed by ``lemmatizer``, memoized per (text, tag, label).

    Args:
        vocab: the pipeline's vocabulary.
        attribute_ruler: the pipeline's ``AttributeRuler``.
        lemmatizer: the pipeline's rule ``Lemmatizer``.
    """

    def __init__(self, vocab: Any, attribute_ruler: Any, lemmatizer: Any) -> None:
        self.vocab = vocab
        self.attribute_ruler = attribute_ruler
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], tuple[int, int, int, int, int]] = {}
        # The multi-token patterns, the index of the token each one sets, and
        # what their first tokens can be: a cheap test before running the Matcher.
        self._multi = Matcher(vocab)
        self._target: dict[int, int] = {}
        self._width = 1
        self._firsts: dict[int, set[int]] = {LOWER: set(), DEP: set(), TAG: set()}
        self._first_regexes: list[re.Pattern[str]] = []
        self._always = False
        for i, entry in enumerate(attribute_ruler.patterns):
            long = [p for p in entry["patterns"] if len(p) > 1]
            if not long:
                continue
            key = f"multi-{i}"
            self._multi.add(key, long)
            self._target[vocab.strings.add(key)] = entry.get("index", 0)
            for pattern in long:
                self._width = max(self._width, len(pattern))
                self._add_first(pattern[0])
        self._regex_memo: dict[int, bool] = {}

    def _add_first(self, token: dict[str, Any]) -> None:
        for attr, name in ((LOWER, "LOWER"), (DEP, "DEP"), (TAG, "TAG")):
            value = token.get(name)
            if isinstance(value, dict) and list(value) == ["IN"]:
                value = list(value["IN"])
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list):
                self._firsts[attr].update(self.vocab.strings.add(v) for v in value)
                return
        value = token.get("LOWER")
        if isinstance(value, dict) and list(value) == ["REGEX"]:
            self._first_regexes.append(re.compile(value["REGEX"]))
            return
        self._always = True

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        memo = self._memo
        keys = list(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist()))
        new = [k for k in dict.fromkeys(keys) if k not in memo]
        if new:
            self._learn(new)
        rows = [memo[k] for k in keys]
        for i in self._context_tokens(doc):
            # a pattern over several tokens sets this one: learn it with its neighbours
            rows[i] = self._in_context(doc, i)
        doc.from_array(_OUT, np.array(rows, dtype=np.uint64))
        return doc

    def _may_span(self, doc: Doc) -> bool:
        """Whether some token could start a multi-token pattern (never a false no)."""
        if self._always:
            return True
        columns = doc.to_array([LOWER, DEP, TAG]).T.tolist()
        for attr, column in zip((LOWER, DEP, TAG), columns, strict=True):
            if not self._firsts[attr].isdisjoint(column):
                return True
        if self._first_regexes:
            strings, memo = self.vocab.strings, self._regex_memo
            for lower in set(columns[0]):
                hit = memo.get(lower)
                if hit is None:
                    hit = memo[lower] = any(rx.search(strings[lower]) for rx in self._first_regexes)
                if hit:
                    return True
        return False

    def _context_tokens(self, doc: Doc) -> set[int]:
        """Tokens that a multi-token pattern of the ruler sets."""
        if not len(self._multi) or not self._may_span(doc):
            return set()
        out = set()
        for match_id, start, end in self._multi(doc, allow_missing=True):
            index = self._target[match_id]
            out.add(start + index if index >= 0 else end + index)
        return out

    def _in_context(self, doc: Doc, i: int) -> tuple[int, int, int, int, int]:
        lo, hi = max(0, i - self._width + 1), min(len(doc), i + self._width)
        window = self._doc_of([(t.orth, t.tag, t.dep) for t in doc[lo:hi]])
        token = self.lemmatizer(self.attribute_ruler(window))[i - lo]
        return (token.pos, token.morph.key, token.lemma, token.tag, token.dep)

    def _doc_of(self, keys: list[tuple[int, int, int]]) -> Doc:
        """A document of these (text, tag, label) tokens, each its own root."""
        strings = self.vocab.strings
        return Doc(
            self.vocab,
            words=[strings[o] for o, _, _ in keys],
            tags=[strings[t] for _, t, _ in keys],
            deps=[strings[d] for _, _, d in keys],
            heads=list(range(len(keys))),
        )

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Run spaCy's components on new (text, tag, label) keys, as one document."""
        words = self._doc_of(keys)
        if len(keys) > 1 and self._context_tokens(words):
            # neighbours here are unrelated words: learn those keys one by one
            for key in keys:
                self._learn([key])
            return
        self.lemmatizer(self.attribute_ruler(words))
        for key, token in zip(keys, words, strict=True):
            self._memo[key] = (token.pos, token.morph.key, token.lemma, token.tag, token.dep)


def memoizable(attribute_ruler: Any) -> bool:
    """Whether every pattern of the ruler reads only the tokens' text, tag and label."""
    return all(
        set(token) <= _LOCAL_KEYS
        for entry in attribute_ruler.patterns
        for pattern in entry["patterns"]
        for token in pattern
    )


def _make(nlp: Language, name: str) -> TokenAttributes:
    return TokenAttributes(nlp.vocab, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> bool:
    """Replace ``attribute_ruler`` and ``lemmatizer`` by :class:`TokenAttributes`.

    Returns False (and changes nothing) when the pipeline lacks them, its
    lemmatizer is not rule-based, or a ruler pattern reads more than the
    token's text, tag and label.
    """
    if not {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    if not memoizable(nlp.get_pipe("attribute_ruler")):
        log.debug("attribute_ruler has context patterns; keeping spaCy's components")
        return False
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, assigns=["token.pos", "token.morph", "token.lemma"], func=_make)
    nlp.add_pipe(FACTORY, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True
